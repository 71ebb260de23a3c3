/** `--format json` of `bytescope dis` (placeholder until the core's JSON model lands). */
import type { DisOptions, PycFile } from '@bytescope/core';

/** The JSON document for one input. */
export function toJsonOutput(name: string, pyc: PycFile, _opts: DisOptions): unknown {
  return { file: name, version: pyc.version };
}
