/**
 * Requests to a Web Worker, each answered by one message carrying the same `id`: the requests waiting for their
 * answers, their time limits, and their end when the worker fails or is stopped. The explorer's compile workers
 * (compile-client.ts) and the reference page's example worker (reference/live.ts) both talk to their workers so.
 */
export class WorkerRequests<Res extends { id: number }> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: Res): void; reject(e: Error): void }>();

  /** `failure` reads an answer: the message of the error it reports, or null for a result. */
  constructor(private readonly worker: Worker, private readonly failure: (m: Res) => string | null) {
    worker.addEventListener('message', (e: MessageEvent) => {
      const m = e.data as Res;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      const err = this.failure(m);
      if (err === null) p.resolve(m);
      else p.reject(new Error(err));
    });
  }

  /**
   * Posts `req` with a new `id` and resolves with its answer; after `timeoutMs` without one it rejects with
   * `timeoutMessage` and calls `onTimeout`.
   */
  call(req: object, timeoutMs: number, timeoutMessage: string, onTimeout?: () => void): Promise<Res> {
    const id = this.nextId++;
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        reject(new Error(timeoutMessage));
        onTimeout?.();
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (r) => { clearTimeout(timer); resolve(r); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.worker.postMessage({ ...req, id });
    });
  }

  /** True while a request waits for its answer. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Rejects every request still waiting with `e`. */
  failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
