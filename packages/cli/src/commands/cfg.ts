/**
 * `bytescope cfg`: the control-flow graph of each code object (the core's `buildCfg`, with `computeStackDepths`'
 * entry depths) as JSON, Graphviz DOT or Mermaid. The three formats are made from one plain model
 * ({@link CfgJson}), so that they show the same blocks and edges.
 */
import {
  BytescopeError, DEFAULT_PYTHON_VERSION, buildCfg, disVersionRange, computeStackDepths, decodeCode, getVersion, pythonVersionRange,
  type CodeObject, type VersionInfo,
} from '@bytescope/core';
import { namedCodeTree, selectFunction } from '../code-tree.js';
import type { CommandDefinition } from '../command.js';
import { EXIT_OK, InputError, UsageError } from '../errors.js';
import { FILE_OPTIONS, fileOptions } from '../file-inputs.js';
import { inputName, loadInput, type InputSpec } from '../sources.js';

const HELP = `usage: bytescope cfg [options] FILE
       bytescope cfg [options] -c SOURCE

The control-flow graph of every code object of FILE (a .pyc of ${disVersionRange('-')}, or
Python source compiled by real CPython --python X.Y): basic blocks with their
instructions and the stack depth at their entry, edges (fallthrough, jump,
branch, exception), loops with their back edges, dominators, unreachable blocks.

options:
  -c, --command SOURCE     the graph of SOURCE (a string of Python code)
  --function QUALNAME      only that code object and the ones nested in it
  --format json|dot|mermaid  output format (default: json). dot: one digraph
                           per code object (Graphviz); mermaid: one flowchart each.
                           Edge styles: fallthrough solid, jump bold, branch
                           dashed (taken side labelled), exception dotted; back
                           edges are labelled "back"; unreachable blocks grey.
  --python X.Y             CPython that compiles source: ${pythonVersionRange(' ... ')} (default ${DEFAULT_PYTHON_VERSION})
  --force-version X.Y      read a .pyc as version X.Y whatever its magic number says
  --raw                    FILE is a bare marshalled code object (needs --force-version)
  -h, --help               show this help
`;

const CFG_OPTIONS = {
  python: FILE_OPTIONS.python,
  'force-version': FILE_OPTIONS['force-version'],
  raw: FILE_OPTIONS.raw,
  command: { type: 'string', short: 'c' },
  function: { type: 'string' },
  format: { type: 'string' },
} as const;

/** One instruction of a block. */
export interface CfgInstructionJson { readonly offset: number; readonly opname: string; readonly arg: number | null; readonly argrepr: string }

/** One basic block. */
export interface CfgBlockJson {
  readonly id: number;
  /** Byte offset of its first instruction. */
  readonly start: number;
  /** Byte offset just past its last instruction (and that instruction's caches). */
  readonly end: number;
  readonly instructions: readonly CfgInstructionJson[];
  /** Stack depth at its entry; null when never reached. */
  readonly depth: number | null;
  readonly reachable: boolean;
  /** Whether it is the header of a loop. */
  readonly loop_header: boolean;
  /** How many loops contain it (0: none). */
  readonly loop_depth: number;
  /** Its immediate dominator's id; null for the entry and unreachable blocks. */
  readonly idom: number | null;
}

/** One edge. */
export interface CfgEdgeJson {
  readonly from: number;
  readonly to: number;
  readonly kind: 'fallthrough' | 'jump' | 'branch' | 'exception';
  /** For a branch, whether this is the side where the jump is taken; otherwise absent. */
  readonly taken?: boolean;
  /** Whether it is a loop back edge (its target dominates its source). */
  readonly back: boolean;
  /** For an exception edge: the depth the stack is unwound to, and whether lasti is pushed. */
  readonly handler?: { readonly depth: number; readonly lasti: boolean };
}

/** The graph of one code object. */
export interface CfgCodeJson {
  readonly qualname: string;
  readonly firstlineno: number;
  readonly co_stacksize: number;
  readonly irreducible: boolean;
  readonly blocks: readonly CfgBlockJson[];
  readonly edges: readonly CfgEdgeJson[];
}

/** The document of `bytescope cfg --format json`. */
export interface CfgJson {
  readonly file: string;
  readonly version: string;
  readonly code_objects: readonly CfgCodeJson[];
}

/** The graph of one code object as plain data. */
export function cfgOfCode(code: CodeObject, qualname: string, v: VersionInfo): CfgCodeJson {
  const cfg = buildCfg(decodeCode(code, v), v);
  const depths = computeStackDepths(cfg, v);
  const ins = cfg.decoded.instructions;
  const blocks = cfg.blocks.map((b): CfgBlockJson => {
    const entry = depths.blockEntry[b.index]!;
    return {
      id: b.index,
      start: b.startOffset,
      end: b.endOffset,
      instructions: ins.slice(b.first, b.end).map((i) => ({ offset: i.offset, opname: i.opname, arg: i.arg, argrepr: i.argrepr })),
      depth: entry < 0 ? null : entry,
      reachable: b.reachable,
      loop_header: cfg.loops.some((l) => l.header === b.index),
      loop_depth: b.loop === null ? 0 : cfg.loops[b.loop]!.depth,
      idom: b.idom,
    };
  });
  const edges = cfg.edges.map((e): CfgEdgeJson => ({
    from: e.from,
    to: e.to,
    kind: e.kind,
    ...(e.kind === 'branch' && e.taken !== null ? { taken: e.taken } : {}),
    back: e.back,
    ...(e.handler ? { handler: { depth: e.handler.depth, lasti: e.handler.lasti } } : {}),
  }));
  return { qualname, firstlineno: code.firstlineno, co_stacksize: code.stacksize, irreducible: cfg.irreducible, blocks, edges };
}

/** The text of a block's label: its offsets, entry depth and instructions, one per line. */
function blockLines(b: CfgBlockJson): string[] {
  const head = `B${b.id} [${b.start}, ${b.end})${b.depth === null ? '' : ` depth ${b.depth}`}${b.loop_header ? ' loop header' : ''}`;
  const arg = (i: CfgInstructionJson) => i.argrepr ? ` ${i.argrepr}` : i.arg !== null ? ` ${i.arg}` : '';
  return [head, ...b.instructions.map((i) => `${i.offset} ${i.opname}${arg(i)}`)];
}

/** A DOT string literal: quotes and backslashes escaped, control characters dropped. */
function dotString(s: string): string {
  return '"' + s.replace(/[\\"]/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, ' ') + '"';
}

/** A DOT label of several lines, each left-aligned (`\l`). */
function dotLabel(lines: readonly string[]): string {
  return '"' + lines.map((l) => l.replace(/[\\"{}|<>]/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, ' ') + '\\l').join('') + '"';
}

const DOT_EDGE_STYLE: Record<CfgEdgeJson['kind'], string> = {
  fallthrough: 'style=solid',
  jump: 'style=bold',
  branch: 'style=dashed',
  exception: 'style=dotted, color=red',
};

/** One `digraph` per code object. */
export function toDot(doc: CfgJson): string {
  const out: string[] = [];
  for (const c of doc.code_objects) {
    out.push(`digraph ${dotString(`${c.qualname} (line ${c.firstlineno})`)} {`);
    out.push('  node [shape=box, fontname="monospace"];');
    for (const b of c.blocks) {
      const grey = b.reachable ? '' : ', style=filled, fillcolor=lightgrey, fontcolor=gray40';
      out.push(`  B${b.id} [label=${dotLabel(blockLines(b))}${grey}];`);
    }
    for (const e of c.edges) {
      const label = [e.kind === 'branch' ? (e.taken ? 'taken' : 'not taken') : '', e.back ? 'back' : '',
        e.handler ? `depth ${e.handler.depth}${e.handler.lasti ? ' lasti' : ''}` : ''].filter(Boolean).join(', ');
      out.push(`  B${e.from} -> B${e.to} [${DOT_EDGE_STYLE[e.kind]}${e.back ? ', penwidth=2' : ''}${label ? `, label=${dotString(label)}` : ''}];`);
    }
    out.push('}');
  }
  return out.join('\n') + '\n';
}

/** Text for a Mermaid quoted label: `"` and the characters Mermaid reads as markup become entity codes. */
function mermaidText(s: string): string {
  return s.replace(/[&"#<>`]/g, (ch) => `#${ch.charCodeAt(0)};`).replace(/[\x00-\x1f\x7f]/g, ' ');
}

const MERMAID_ARROW: Record<CfgEdgeJson['kind'], string> = {
  fallthrough: '-->',
  jump: '==>',
  branch: '-.->',
  exception: '-.->',
};

/** One `flowchart` per code object, each after a `%%` comment line naming it. */
export function toMermaid(doc: CfgJson): string {
  const out: string[] = [];
  for (const c of doc.code_objects) {
    out.push(`%% ${mermaidText(c.qualname)} (line ${c.firstlineno})`);
    out.push('flowchart TD');
    for (const b of c.blocks) out.push(`  B${b.id}["${blockLines(b).map(mermaidText).join('<br/>')}"]`);
    for (const e of c.edges) {
      const label = [e.kind === 'exception' ? 'exception' : '', e.kind === 'branch' ? (e.taken ? 'taken' : 'not taken') : '',
        e.back ? 'back' : ''].filter(Boolean).join(', ');
      out.push(`  B${e.from} ${MERMAID_ARROW[e.kind]}${label ? `|"${mermaidText(label)}"|` : ''} B${e.to}`);
    }
    out.push('  classDef unreachable fill:#ddd,color:#888;');
    const dead = c.blocks.filter((b) => !b.reachable).map((b) => `B${b.id}`);
    if (dead.length) out.push(`  class ${dead.join(',')} unreachable;`);
  }
  return out.join('\n') + '\n';
}

/** `bytescope cfg`. */
export const cfgCommand: CommandDefinition<typeof CFG_OPTIONS> = {
  help: HELP,
  options: CFG_OPTIONS,
  async handler({ values, positionals }, io) {
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'dot' && format !== 'mermaid') {
      throw new UsageError(`--format must be json, dot or mermaid, not ${JSON.stringify(format)}`);
    }
    const specs: InputSpec[] = positionals.map((p) => ({ kind: 'file', path: p }));
    if (values.command !== undefined) specs.unshift({ kind: 'command', source: values.command });
    if (specs.length !== 1) throw new UsageError('cfg needs one FILE or -c SOURCE (see bytescope cfg --help)');
    const spec = specs[0]!;
    const read = fileOptions({ python: values.python, 'force-version': values['force-version'], raw: values.raw }, io).read;
    const { pyc } = await loadInput(spec, read);
    const name = inputName(spec);
    const v = getVersion(pyc.version);
    if (!v) throw new InputError(`${name}: Python ${pyc.version} .pyc read, but its graph needs ${disVersionRange()} (try bytescope info)`);
    // co_qualname came with the 3.11 code object, the one with the exception table.
    const selected = selectFunction(namedCodeTree(pyc.code), values.function);
    let codeObjects: CfgCodeJson[];
    try {
      codeObjects = selected.map((n) => cfgOfCode(n.code, n.qualname, v));
    } catch (e) {
      if (e instanceof BytescopeError && e.kind !== 'usage') throw new InputError(`${name}: ${e.message}`);
      throw e;
    }
    const doc: CfgJson = { file: name, version: v.version, code_objects: codeObjects };
    io.out(format === 'json' ? JSON.stringify(doc, null, 1) + '\n' : format === 'dot' ? toDot(doc) : toMermaid(doc));
    return EXIT_OK;
  },
};
