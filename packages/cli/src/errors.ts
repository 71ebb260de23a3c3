/** CLI failures: each ends the command with one line on stderr and a fixed exit code. */
import { isBytescopeError } from '@bytescope/core';

/** Exit codes: 0 success, 1 a bad input file, 2 a usage error. */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

/** A usage error (unknown option, missing argument…): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A bad input (unreadable file, syntax error, corrupt .pyc…): exit code 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The one-line message and exit code of an error (never a stack trace). */
export function failure(e: unknown, name?: string): { message: string; exit: number } {
  const prefix = name !== undefined ? `${name}: ` : '';
  if (e instanceof UsageError) return { message: e.message, exit: EXIT_USAGE };
  if (e instanceof InputError) return { message: e.message, exit: EXIT_BAD_INPUT };
  if (isBytescopeError(e)) {
    // Messages of the core do not name the file (loadInput adds the name to the ones it catches).
    return { message: e.kind === 'usage' ? e.message : prefix + e.message, exit: e.kind === 'usage' ? EXIT_USAGE : EXIT_BAD_INPUT };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { message: `${prefix}internal error: ${msg.split('\n')[0]}`, exit: EXIT_BAD_INPUT };
}
