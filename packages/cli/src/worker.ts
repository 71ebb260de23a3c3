/**
 * A worker thread of `--jobs`: loads and renders the `.pyc` files it is sent (see pool.ts). `dis` text is
 * UTF-8 pieces, made here in parallel, whose buffers are handed over to the main thread without a copy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { jsonPieces } from './json-output.js';
import type { ResultMessage, TaskMessage, WorkerSetup } from './pool.js';
import { processPycFile, type FileResult } from './render.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
port.on('message', (t: TaskMessage) => {
  void processPycFile(t.path, setup.read, setup.render, t.inDirectory).then((r) => {
    // A JSON document is written here, as an element of the array of documents (the pool serves several files).
    const result: FileResult = r.ok && setup.render.mode.endsWith('-json') ? { ...r, out: jsonPieces(r.out as object, 1) } : r;
    const m: ResultMessage = { id: t.id, result };
    // Text pieces are handed over, not copied.
    const pieces = result.ok && Array.isArray(result.out) ? result.out as Uint8Array[] : [];
    port.postMessage(m, pieces.map((p) => p.buffer as ArrayBuffer));
  });
});
