/**
 * A worker thread of `--jobs`: loads and renders the `.pyc` files it is sent (see pool.ts). Text is UTF-8
 * bytes, made here in parallel, whose buffer is handed over to the main thread without a copy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ResultMessage, TaskMessage, WorkerSetup } from './pool.js';
import { processPycFile } from './render.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const utf8 = new TextEncoder();
port.on('message', (t: TaskMessage) => {
  void processPycFile(t.path, setup.read, setup.render, t.inDirectory).then((result) => {
    if (result.ok && (typeof result.out === 'string' || result.out instanceof Uint8Array)) {
      const bytes = typeof result.out === 'string' ? utf8.encode(result.out) : result.out;
      const m: ResultMessage = { id: t.id, result: { ...result, out: bytes } };
      port.postMessage(m, [bytes.buffer as ArrayBuffer]);
    } else {
      const m: ResultMessage = { id: t.id, result };
      port.postMessage(m);
    }
  });
});
