/**
 * `--jobs N`: the results of a run's files computed ahead, in N - 1 worker threads and in the main thread (or in N
 * worker threads, for JSON), and handed back in input order. Files are handed out in order (oldest first, to whichever job is free);
 * at most a window of results waits ahead of the one being printed, so memory stays bounded by a few files.
 */
import { WorkerPool } from './pool.js';
import { processPycFile, type FileResult, type PycReadSettings, type RenderOptions } from './render.js';

/** A `.pyc` file of the run that a job may process (the others are processed in order by the caller). */
export interface ParallelFile { readonly path: string; readonly inDirectory: boolean }

/** How many results may wait ahead of the one being printed, per job (unless the caller says). */
const WINDOW_PER_JOB = 16;

/** How the jobs are shared out. */
export interface JobSettings {
  readonly jobs: number;
  /** The main thread is one of the jobs (else every job is a worker thread). */
  readonly mainThreadWorks: boolean;
  /** How many results may wait ahead of the one being printed (default: 16 per job). */
  readonly window?: number;
}

/** The results of a run's `.pyc` files, computed by several jobs. */
export class OrderedResults {
  private readonly pool: WorkerPool;
  private readonly started = new Map<number, Promise<FileResult>>();
  private readonly done = new Set<number>();
  private launched = 0;
  private readonly window: number;

  private readonly mainThreadWorks: boolean;

  /** `files[i]`: the file of item i when a job may process it, else undefined. */
  constructor(private readonly files: readonly (ParallelFile | undefined)[], jobs: JobSettings, private readonly render: RenderOptions, private readonly read: PycReadSettings) {
    const count = files.filter((f) => f !== undefined).length;
    this.mainThreadWorks = jobs.mainThreadWorks;
    this.pool = new WorkerPool(Math.max(1, Math.min(jobs.jobs, count) - (jobs.mainThreadWorks ? 1 : 0)), { render, read });
    this.window = jobs.window ?? jobs.jobs * WINDOW_PER_JOB;
  }

  /**
   * The result of item i, or undefined when it is not one of the parallel files (the caller processes it).
   * While a worker's result is not in, the main thread (when it is one of the jobs) processes the oldest file
   * that no worker has taken.
   */
  async get(i: number): Promise<FileResult | undefined> {
    for (; this.launched < this.files.length && this.launched <= i + this.window; this.launched++) {
      const f = this.files[this.launched];
      const n = this.launched;
      if (f) this.started.set(n, this.pool.run(f.path, f.inDirectory).then((r) => { this.done.add(n); return r; }));
    }
    const result = this.started.get(i);
    if (!result) return undefined;
    while (this.mainThreadWorks && !this.done.has(i)) {
      const t = this.pool.take();
      if (!t) break;
      t.resolve(await processPycFile(t.path, this.read, this.render, t.inDirectory));
      await new Promise(setImmediate); // the workers' results come in
    }
    this.started.delete(i);
    this.done.delete(i);
    return result;
  }

  /** Stops the worker threads. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
