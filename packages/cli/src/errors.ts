/** CLI failures: each ends the command with one line on stderr and a fixed exit code. */

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
