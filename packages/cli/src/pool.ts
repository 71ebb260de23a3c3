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

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** A fixed number of worker threads, started on demand, each working on one file at a time. */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 0;

  constructor(private readonly size: number, private readonly setup: WorkerSetup) {}

  /** Loads and renders the `.pyc` file at `path` in a worker. Never rejects: a failure is a result. */
  run(path: string, inDirectory: boolean): Promise<FileResult> {
    return new Promise((resolve) => {
      this.queue.push({ task: { id: this.nextId++, path, inDirectory }, resolve });
      this.dispatch();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let w = this.idle.pop();
      if (!w) {
        if (this.workers.length >= this.size) return;
        w = this.start();
      }
      const p = this.queue.shift()!;
      this.running.set(w, p);
      w.postMessage(p.task);
    }
  }

  private start(): Worker {
    const w = new Worker(WORKER_URL, { workerData: this.setup });
    this.workers.push(w);
    w.on('message', (m: ResultMessage) => {
      const p = this.running.get(w);
      this.running.delete(w);
      this.idle.push(w);
      p?.resolve(m.result);
      this.dispatch();
    });
    w.on('error', (e: Error) => this.lost(w, e.message));
    w.on('exit', (code) => { if (this.running.has(w)) this.lost(w, `worker thread stopped (exit code ${code})`); });
    return w;
  }

  /** A worker died: its file fails with an internal error and the others go on in a new worker. */
  private lost(w: Worker, why: string): void {
    const p = this.running.get(w);
    this.running.delete(w);
    this.workers.splice(this.workers.indexOf(w), 1);
    p?.resolve({ ok: false, message: `${p.task.path}: internal error: ${why.split('\n')[0]}`, exit: 1, warnings: [] });
    this.dispatch();
  }
}
