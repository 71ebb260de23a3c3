/** A worker thread of `--jobs`: loads and renders the `.pyc` files it is sent (see pool.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { ResultMessage, TaskMessage, WorkerSetup } from './pool.js';
import { processPycFile } from './render.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
port.on('message', (t: TaskMessage) => {
  void processPycFile(t.path, setup.read, setup.render, t.inDirectory).then((result) => {
    const m: ResultMessage = { id: t.id, result };
    port.postMessage(m);
  });
});
