/** `bytescope explain OPNAME` and `bytescope versions X.Y X.Z`: the instruction reference. */
import {
  DEFAULT_PYTHON_VERSION, describeMissing, disVersionRange, explain, formatEntry, formatVersionDiff, isPythonVersion, pythonVersionRange,
  referenceVersions, versionDiff,
  type PythonVersion, type ReferenceEntry,
} from '@bytescope/core';
import type { LiveExample } from '@bytescope/python';
import type { CommandDefinition } from '../command.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, UsageError } from '../errors.js';
import { versionOption } from '../options.js';

/** The versions the reference describes (its history spans them), as a range for the help text. */
const referenceRange = (): string => { const r = referenceVersions(); return `${r[0]}-${r[r.length - 1]}`; };

const EXPLAIN_HELP = `usage: bytescope explain [--python X.Y] [--live] [--json] OPNAME

What an instruction does in CPython X.Y (${referenceRange()}, default ${DEFAULT_PYTHON_VERSION}): plain-words description,
stack effect, what its argument means and how dis shows it, inline caches, its
specialized family or base instruction, an example, and its history across
${referenceRange()} (when it appeared, was renumbered, changed, or was replaced).

  --live   also run the example in the embedded CPython X.Y (3.10+; a few seconds)
           and print its dis listing, the instruction's lines marked with ▶:
           compiled; for a specialized instruction after the warm-up
           (dis.dis(..., adaptive=True)); for an instrumented one with the
           sys.monitoring events on; for a pseudo-instruction, what the
           compiler turned it into. An instruction no snippet produces gets
           the reason. With --json the listing is the field example_listing.
  --json   the entry as JSON
`;

const VERSIONS_HELP = `usage: bytescope versions [--json] X.Y X.Z

The opcode-level differences between two CPython versions (${disVersionRange('-')}): added,
removed and renumbered instructions, and changes of argument kinds, caches
and stack effects.
`;

/** The marker of the illustrated instruction's lines in a live listing. */
export const LIVE_MARK = '▶';

/** The `example_listing` field of `explain --live --json`. */
interface ExampleListingJson {
  /** `sys.version` of the CPython that ran it. */
  readonly python: string;
  readonly status: string;
  /** What the listing marks: the opname, or what a pseudo-instruction became. */
  readonly targets: readonly string[];
  /** How it was produced, in words. */
  readonly how: string;
  /** The dis text, as CPython printed it. */
  readonly text: string;
  /** Line numbers (1-based) of `text` that show the instruction. */
  readonly marked_lines: readonly number[];
  /** How the listing deviates from plain dis output, when it does. */
  readonly note: string | null;
}

/** Runs the entry's example in CPython (a child process) and returns its listing; null when no snippet exists. */
async function liveExample(entry: ReferenceEntry, version: PythonVersion): Promise<{ live: LiveExample; how: string } | null> {
  if (entry.example.status === 'unproducible' || !entry.example.code) return null;
  const { runLiveExample, describeLiveExample } = await import('@bytescope/python');
  const live = await runLiveExample(version, entry.opname, entry.example);
  if (live.error !== null || live.listing === null) {
    throw new InputError(`the example of ${entry.opname} failed in CPython ${live.fullVersion}: ${live.error ?? 'no listing'}`);
  }
  return { live, how: describeLiveExample(entry.opname, entry.example, live) };
}

/** The live listing as text: a gutter marks the instruction's lines. */
function formatLive(entry: ReferenceEntry, r: { live: LiveExample; how: string } | null): string {
  if (!r) return `Live example: none. ${entry.example.note ?? `No snippet makes CPython ${entry.version} emit ${entry.opname}.`}\n`;
  const { live, how } = r;
  const marked = live.lines.filter((l) => l.marked).length;
  const out = [`Live example: ${how.replace(/`/g, '')} ${LIVE_MARK} marks ${marked} line${marked === 1 ? '' : 's'}.`];
  if (live.note) out.push(`  note: ${live.note}`);
  out.push('');
  for (const l of live.lines) out.push(`${l.marked ? `  ${LIVE_MARK} ` : '    '}${l.text}`.trimEnd());
  if (!marked) out.push('', `  (the listing shows no ${live.targets.join(' / ')})`);
  return out.join('\n') + '\n';
}

function listingJson(r: { live: LiveExample; how: string } | null): ExampleListingJson | null {
  if (!r) return null;
  const { live, how } = r;
  return {
    python: live.fullVersion, status: live.status, targets: live.targets, how, text: live.listing ?? '',
    marked_lines: live.lines.flatMap((l, i) => (l.marked ? [i + 1] : [])), note: live.note,
  };
}

const EXPLAIN_OPTIONS = { json: { type: 'boolean' }, python: { type: 'string' }, live: { type: 'boolean' } } as const;

/** `bytescope explain`. */
export const explainCommand: CommandDefinition<typeof EXPLAIN_OPTIONS> = {
  help: EXPLAIN_HELP,
  options: EXPLAIN_OPTIONS,
  async handler({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('explain needs one OPNAME (see bytescope explain --help)');
    // Any version the reference describes (2.7, 3.0 … the newest); --live needs one with an embedded runtime.
    const version = values.python ?? DEFAULT_PYTHON_VERSION;
    if (!referenceVersions().includes(version)) {
      throw new UsageError(`--python must be a version the reference describes (${referenceVersions().join(', ')}), not ${JSON.stringify(version)}`);
    }
    if (values.live && !isPythonVersion(version)) {
      throw new UsageError(`--live runs the example in an embedded CPython (${pythonVersionRange()}); there is none for ${version}`);
    }
    const entry = explain(positionals[0]!, version);
    if (!entry) {
      io.err(`bytescope: ${describeMissing(positionals[0]!, version)}\n`);
      return EXIT_BAD_INPUT;
    }
    // Only --live starts a CPython (and loads @bytescope/python): plain explain stays instant.
    const live = values.live && isPythonVersion(version) ? await liveExample(entry, version) : undefined;
    if (values.json) {
      io.out(JSON.stringify(live === undefined ? entry : { ...entry, example_listing: listingJson(live) }, null, 1) + '\n');
    } else {
      io.out(formatEntry(entry).replace(/\n?$/, '\n') + (live === undefined ? '' : '\n' + formatLive(entry, live)));
    }
    return EXIT_OK;
  },
};

const VERSIONS_OPTIONS = { json: { type: 'boolean' } } as const;

/** `bytescope versions`. */
export const versionsCommand: CommandDefinition<typeof VERSIONS_OPTIONS> = {
  help: VERSIONS_HELP,
  options: VERSIONS_OPTIONS,
  handler({ values, positionals }, io) {
    if (positionals.length !== 2) throw new UsageError('versions needs two versions, e.g. bytescope versions 3.12 3.13');
    let diff;
    try {
      diff = versionDiff(positionals[0]!, positionals[1]!);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    io.out(values.json ? JSON.stringify(diff, null, 1) + '\n' : formatVersionDiff(diff).replace(/\n?$/, '\n'));
    return EXIT_OK;
  },
};
