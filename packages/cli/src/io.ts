/** Where the CLI's output goes. */

/** Where output goes (replaceable in tests). Output is text, or text already encoded as UTF-8. */
export interface Io {
  out(text: string | Uint8Array): void;
  err(text: string): void;
  /** Resolves once the output written so far has left the process's buffers (so that memory stays bounded). */
  drain?(): Promise<void>;
}

/** The process's stdout and stderr. */
export const processIo: Io = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
  drain: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => { process.stdout.once('drain', resolve); }) : Promise.resolve()),
};
