/**
 * `--jobs N`: worker threads that load and render `.pyc` files in parallel. Results come back in any order;
 * the caller consumes them in input order, so the output is the same as with one job.
 */
import { Worker } from 'node:worker_threads';
import type { FileResult, PycReadSettings, RenderOptions } from './render.js';

/** What every worker is started with. */
export interface WorkerSetup {
  readonly render: RenderOptions;
  readonly read: PycReadSettings;
}

/** A task sent to a worker, and its answer. */
export interface TaskMessage { readonly id: number; readonly path: string; readonly inDirectory: boolean }
export interface ResultMessage { readonly id: number; readonly result: FileResult }

interface Pending {
  readonly task: TaskMessage;
  readonly resolve: (r: FileResult) => void;
}

interface Slot {
  readonly worker: Worker;
  /** Tasks sent and not answered yet, oldest first (a worker answers in order). */
  readonly sent: Pending[];
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * Tasks a worker may hold at once: more than one, so that it never waits for the main thread between two
 * files (most files take well under a millisecond).
 */
const DEPTH = 8;

/**
 * The young generation of a worker's heap (MB): small, so that the garbage of each file (a large file's JSON model
 * is hundreds of MB of short-lived objects) is collected promptly and memory stays near what one file needs.
 */
const YOUNG_GENERATION_MB = 4;

/**
 * The old generation of a worker's heap (MB): a cap that keeps the heap from growing with the garbage of many
 * files (CPython's largest stdlib file, test_typing, needs under 64 MB). A file that does not fit fails in the
 * worker with `outOfMemory` and is done again on the main thread, which has no such cap.
 */
const OLD_GENERATION_MB = 160;

/** A fixed number of worker threads, started on demand. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;

  constructor(private readonly size: number, private readonly setup: WorkerSetup) {}

  /** Loads and renders the `.pyc` file at `path` in a worker. Never rejects: a failure is a result. */
  run(path: string, inDirectory: boolean): Promise<FileResult> {
    return new Promise((resolve) => {
      this.queue.push({ task: { id: this.nextId++, path, inDirectory }, resolve });
      this.dispatch();
    });
  }

  /**
   * Takes the oldest task not yet sent to a worker, for the caller to run itself (the main thread works too
   * while it waits for the result it must print next); undefined when every task has been sent.
   */
  take(): { readonly path: string; readonly inDirectory: boolean; readonly resolve: (r: FileResult) => void } | undefined {
    const p = this.queue.shift();
    return p && { path: p.task.path, inDirectory: p.task.inDirectory, resolve: p.resolve };
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot: Slot | undefined;
      for (const s of this.slots) if (s.sent.length < DEPTH && (!slot || s.sent.length < slot.sent.length)) slot = s;
      if (!slot || (slot.sent.length > 0 && this.slots.length < this.size)) slot = this.start() ?? slot;
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.sent.push(p);
      slot.worker.postMessage(p.task);
    }
  }

  private start(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    const slot: Slot = { worker: new Worker(WORKER_URL, { workerData: this.setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB } }), sent: [] };
    this.slots.push(slot);
    slot.worker.on('message', (m: ResultMessage) => {
      const i = slot.sent.findIndex((p) => p.task.id === m.id);
      if (i >= 0) slot.sent.splice(i, 1)[0]!.resolve(m.result);
      this.dispatch();
    });
    slot.worker.on('error', (e: Error) => this.lost(slot, e.message, (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'));
    slot.worker.on('exit', (code) => { if (slot.sent.length) this.lost(slot, `worker thread stopped (exit code ${code})`); });
    return slot;
  }

  /**
   * A worker died: its files fail with an internal error (or, when it ran out of memory, with `outOfMemory`, for
   * the caller to do them on the main thread), and the others go on in the other workers.
   */
  private lost(slot: Slot, why: string, outOfMemory = false): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const p of slot.sent.splice(0)) {
      p.resolve({ ok: false, message: `${p.task.path}: internal error: ${why.split('\n')[0]}`, exit: 1, warnings: [], ...(outOfMemory ? { outOfMemory } : {}) });
    }
    this.dispatch();
  }
}
