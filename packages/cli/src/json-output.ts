/** `--format json` of `bytescope dis`: the core's JSON model of each input (docs/json-schema.md). */
import { toJsonModel, type BytescopeJson, type DisOptions, type PycFile } from '@bytescope/core';

/** The JSON document for one input. */
export function toJsonOutput(name: string, pyc: PycFile, opts: DisOptions): BytescopeJson & { file: string } {
  return { file: name, ...toJsonModel(pyc, { depth: opts.depth }) };
}
