/**
 * The stack size of the threads that run CPython in Node (the compile thread, the lab child's runtime thread): a
 * module of its own, so that a process that only starts such a thread (the lab child's main thread) loads nothing else.
 */

/**
 * The stack of a thread that runs CPython in Node (the compile thread, the lab's), in MB. Measured at 3.14: 64 MB
 * keeps CPython's check in front up to its own limit (`Stack overflow (used 10216 kB)`, near 100,000 terms); 256 MB
 * also covers a recursion 3.14 does not check (1,000,000 terms). It is address space, used only as deep as the code
 * goes.
 */
export const RUNTIME_STACK_MB = 256;

/** {@link RUNTIME_STACK_MB}, unless `BYTESCOPE_STACK_MB` says otherwise (a test makes the runtime die with 1). */
export function runtimeStackMb(): number {
  const env = Number(process.env.BYTESCOPE_STACK_MB);
  return Number.isFinite(env) && env > 0 ? env : RUNTIME_STACK_MB;
}
