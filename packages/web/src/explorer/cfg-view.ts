/**
 * The explorer's Graph view and the listing's stack annotations (issue #11, item 5), from the core's analysis
 * (`buildCfg`, `computeStackDepths`, `symbolicStack`) of the code objects of the `.pyc` shown.
 *
 * - The graph of one code object: blocks with their instructions (the stack depth before each), edges styled by
 *   kind (fallthrough, jump, branch taken / not taken, exception dashed), back edges marked, unreachable blocks
 *   greyed; laid out by ELK (layered) in a worker (workers/layout-worker.ts), drawn as SVG with DOM calls only
 *   (argreprs come from untrusted files: text nodes, never markup); pan with the mouse, zoom with the wheel.
 * - Clicking a block hands its instructions to the listing (`onBlock`), which selects them and marks their source.
 * - The listing's rows get `data-depth` (shown by the "depth" toggle through CSS) and, on hover, the symbolic stack
 *   before the instruction in the help panel.
 */
import {
  buildCfg, computeStackDepths, decodeCode, getVersion, symbolicStack,
  type BytescopeJson, type CodeObject, type ControlFlowGraph, type PycFile, type StackDepths, type SymbolicStack,
} from '@bytescope/core';
import { el } from '../ui/dom.js';
import './cfg-view.css';
import type { LayoutEdge, LayoutNode, LayoutReply, LayoutRequest } from '../workers/layout-worker.js';

/** One code object's analysis, computed on demand and kept while its code object lives. */
export interface CodeAnalysis {
  readonly cfg: ControlFlowGraph;
  readonly depths: StackDepths;
  readonly sym: SymbolicStack;
  /** Instruction index by byte offset. */
  readonly byOffset: ReadonlyMap<number, number>;
}

const analyses = new WeakMap<CodeObject, CodeAnalysis | Error>();

/** The code objects of a `.pyc` in the JSON model's order (pre-order, `co_consts` order), so index i is model's i. */
export function codeObjectsInOrder(root: CodeObject, limit = 50_000): CodeObject[] {
  const out: CodeObject[] = [];
  const stack: CodeObject[] = [root];
  while (stack.length && out.length < limit) {
    const c = stack.pop()!;
    out.push(c);
    for (let k = c.consts.length - 1; k >= 0; k--) {
      const k2 = c.consts[k]!;
      if (k2.type === 'code') stack.push(k2.code);
    }
  }
  return out;
}

/** The analysis of one code object of `pyc`, or the error that stopped it. */
export function analyse(pyc: PycFile, code: CodeObject): CodeAnalysis | Error {
  const hit = analyses.get(code);
  if (hit) return hit;
  let a: CodeAnalysis | Error;
  try {
    const v = getVersion(pyc.version);
    if (!v) throw new Error(`no tables for Python ${pyc.version}`);
    const cfg = buildCfg(decodeCode(code, v), v);
    const depths = computeStackDepths(cfg, v);
    const sym = symbolicStack(cfg, depths, v);
    const byOffset = new Map<number, number>();
    cfg.decoded.instructions.forEach((ins, i) => byOffset.set(ins.offset, i));
    a = { cfg, depths, sym, byOffset };
  } catch (e) {
    a = e instanceof Error ? e : new Error(String(e));
  }
  analyses.set(code, a);
  return a;
}

/** What the graph view works with. */
export interface CfgViewOptions {
  /** The element the view fills (`#graph-view`). */
  readonly view: HTMLElement;
  /** The listing (`#listing`), whose rows get their depths and symbolic stacks. */
  readonly listing: HTMLElement;
  /** The help panel, where the symbolic stack of the hovered row goes. */
  readonly helpPanel: HTMLElement;
  pyc(): PycFile | undefined;
  model(): BytescopeJson | undefined;
  /** The code object the listing's selection is in, if any. */
  selectedCode(): number | undefined;
  /** A block was clicked: select the rows of these offsets of code object `co`. */
  onBlock(co: number, offsets: number[]): void;
}

/** The graph view. */
export interface CfgView {
  /** Draws the graph again (the model changed, or the view was opened). */
  refresh(): void;
  /** Puts depths on the listing's rows (after each render of the listing). */
  annotateListing(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const LINE_H = 15;
const CHAR_W = 7.3;
const PAD = 6;
/** Longest argrepr drawn in a block (the listing has the whole text). */
const ARG_MAX = 32;
/** Most instructions drawn in one block (the rest as "… n more"). */
const BLOCK_LINES = 40;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Edge classes: kind, side, back. */
function edgeClass(kind: string, taken: boolean | null, back: boolean): string {
  const side = kind === 'branch' ? (taken ? ' taken' : ' not-taken') : '';
  return `cfg-edge e-${kind}${side}${back ? ' back' : ''}`;
}

/** Sets up the view (its code-object menu, worker, pan/zoom, listing hover) and returns it. */
export function createCfgView(o: CfgViewOptions): CfgView {
  const { view, listing, helpPanel } = o;
  const menu = el('select', { attrs: { id: 'graph-code', 'aria-label': 'Code object' } }) as HTMLSelectElement;
  const info = el('span', { cls: 'graph-info', attrs: { id: 'graph-info' } });
  const legend = el('div', { cls: 'graph-legend', attrs: { id: 'graph-legend' } });
  for (const [cls, label] of [['e-fallthrough', 'fallthrough'], ['e-jump', 'jump'], ['e-branch taken', 'branch taken'], ['e-branch not-taken', 'not taken'], ['e-exception', 'exception'], ['e-jump back', 'back edge (loop)']] as const) {
    // A swatch of the edge's colour and dash (CSS borders: the page holds no SVG until a graph is drawn).
    legend.append(el('span', { cls: 'legend-item' }, [el('span', { cls: `legend-line ${cls}` }), document.createTextNode(' ' + label)]));
  }
  const unreachableKey = el('span', { cls: 'legend-item' }, [el('span', { cls: 'legend-box unreachable' }), document.createTextNode(' unreachable')]);
  legend.append(unreachableKey);
  const canvas = el('div', { cls: 'graph-canvas', attrs: { id: 'graph-canvas' } });
  view.replaceChildren(el('div', { cls: 'graph-bar' }, [menu, info]), legend, canvas);

  let worker: Worker | undefined;
  let seq = 0;
  const pending = new Map<number, (r: LayoutReply) => void>();
  /** Starts the worker (which warms ELK up) once, with the first graph: a page that draws none starts none. */
  function startWorker(): Worker {
    if (!worker) {
      worker = new Worker(new URL('../workers/layout-worker.ts', import.meta.url), { type: 'module', name: 'bytescope-layout' });
      worker.onmessage = (e: MessageEvent<LayoutReply>) => { pending.get(e.data.id)?.(e.data); pending.delete(e.data.id); };
    }
    return worker;
  }
  function layout(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<LayoutReply> {
    startWorker();
    const id = ++seq;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker!.postMessage({ id, nodes, edges } satisfies LayoutRequest);
    });
  }

  /** The code objects of the current file, by model index. */
  let codes: CodeObject[] = [];
  let codesOf: PycFile | undefined;
  function codeObjects(): CodeObject[] {
    const pyc = o.pyc();
    if (pyc !== codesOf) { codes = pyc ? codeObjectsInOrder(pyc.code) : []; codesOf = pyc; }
    return codes;
  }
  let shown: { co: number; pyc: PycFile } | undefined;

  function fillMenu(model: BytescopeJson, co: number): void {
    menu.replaceChildren(...model.code_objects.map((c) => el('option', { text: `${'  '.repeat(c.depth)}${c.co_qualname ?? c.co_name}`, attrs: { value: String(c.index) } })));
    menu.value = String(co);
  }
  menu.addEventListener('change', () => draw(Number(menu.value)));

  async function draw(co: number): Promise<void> {
    const pyc = o.pyc();
    const code = codeObjects()[co];
    if (!pyc || !code) { canvas.replaceChildren(el('p', { cls: 'note', text: 'No code to draw.' })); return; }
    const tA = performance.now();
    const a = analyse(pyc, code);
    if (a instanceof Error) { canvas.replaceChildren(el('p', { cls: 'note', text: `No graph: ${a.message}` })); return; }
    shown = { co, pyc };
    const t0 = tA;
    const analysisMs = performance.now() - tA;
    const { cfg, depths } = a;
    const ins = cfg.decoded.instructions;
    const boxes = cfg.blocks.map((b) => {
      const lines: { depth: string; op: string; arg: string; offset: number }[] = [];
      for (let i = b.first; i < b.end && lines.length < BLOCK_LINES; i++) {
        const x = ins[i]!;
        const d = depths.before[i]!;
        lines.push({ depth: d < 0 ? '-' : String(d), op: x.opname, arg: x.argrepr.length > ARG_MAX ? x.argrepr.slice(0, ARG_MAX - 1) + '…' : x.argrepr, offset: x.offset });
      }
      const more = b.end - b.first - lines.length;
      const loop = b.loop === null ? '' : ` loop ${b.loop}`;
      const title = `B${b.index} @${b.startOffset}${loop}${b.handler ? ' handler' : ''}${b.reachable ? '' : ' unreachable'}`;
      const widest = Math.max(title.length, ...lines.map((l) => 4 + l.op.length + 1 + l.arg.length), more > 0 ? 12 : 0);
      return { b, lines, more, title, width: Math.ceil(widest * CHAR_W + 2 * PAD), height: (lines.length + 1 + (more > 0 ? 1 : 0)) * LINE_H + 2 * PAD };
    });
    const reply = await layout(
      boxes.map((x) => ({ id: `b${x.b.index}`, width: x.width, height: x.height })),
      cfg.edges.map((e) => ({ id: `e${e.index}`, source: `b${e.from}`, target: `b${e.to}` })),
    );
    if (shown.co !== co || shown.pyc !== pyc) return; // a newer draw
    const tDom = performance.now();
    if (reply.error) { canvas.replaceChildren(el('p', { cls: 'note', text: `Layout failed: ${reply.error}` })); return; }
    const pos = new Map(reply.nodes.map((n) => [n.id, n]));
    const root = svg('svg', { class: 'cfg', width: reply.width, height: reply.height, viewBox: `0 0 ${reply.width} ${reply.height}`, role: 'img', 'aria-label': `Control-flow graph of code object ${co}` });
    const defs = svg('defs');
    for (const k of ['fallthrough', 'jump', 'taken', 'not-taken', 'exception', 'back']) {
      const m = svg('marker', { id: `arrow-${k}`, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      m.append(svg('path', { d: 'M0,0 L8,4 L0,8 z', class: `arrow a-${k}` }));
      defs.append(m);
    }
    root.append(defs);
    const edgeLayer = svg('g', { class: 'edges' });
    for (const r of reply.edges) {
      const e = cfg.edges[Number(r.id.slice(1))];
      if (!e || r.points.length < 2) continue;
      const d = r.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      const marker = e.back ? 'back' : e.kind === 'branch' ? (e.taken ? 'taken' : 'not-taken') : e.kind;
      const path = svg('path', { d, class: edgeClass(e.kind, e.taken, e.back), 'marker-end': `url(#arrow-${marker})`, 'data-from': e.from, 'data-to': e.to, 'data-kind': e.kind });
      path.append(svg('title', {}, `${e.kind}${e.kind === 'branch' ? (e.taken ? ' (taken)' : ' (not taken)') : ''}${e.back ? ', back edge' : ''}: B${e.from} → B${e.to}`));
      edgeLayer.append(path);
    }
    const blockLayer = svg('g', { class: 'blocks' });
    for (const x of boxes) {
      const p = pos.get(`b${x.b.index}`);
      if (!p) continue;
      const g = svg('g', { class: `cfg-block${x.b.reachable ? '' : ' unreachable'}${x.b.handler ? ' handler' : ''}${x.b.loop !== null ? ' in-loop' : ''}`, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`, 'data-block': x.b.index, 'data-instructions': x.b.end - x.b.first, tabindex: 0 });
      g.append(svg('rect', { width: x.width, height: x.height, rx: 3 }));
      g.append(svg('text', { x: PAD, y: PAD + LINE_H - 4, class: 'block-title' }, x.title));
      x.lines.forEach((l, i) => {
        const t = svg('text', { x: PAD, y: PAD + (i + 2) * LINE_H - 4 });
        t.append(svg('tspan', { class: 'depth' }, l.depth.padStart(3) + ' '), svg('tspan', { class: 'op' }, l.op), svg('tspan', { class: 'arg' }, l.arg ? ' ' + l.arg : ''));
        g.append(t);
      });
      if (x.more > 0) g.append(svg('text', { x: PAD, y: PAD + (x.lines.length + 2) * LINE_H - 4, class: 'more' }, `… ${x.more} more`));
      blockLayer.append(g);
    }
    root.append(edgeLayer, blockLayer);
    canvas.replaceChildren(root);
    zoom = 1; applyZoom(root);
    const total = performance.now() - t0;
    canvas.dataset.layoutMs = reply.ms.toFixed(1);
    canvas.dataset.analysisMs = analysisMs.toFixed(1);
    canvas.dataset.domMs = (performance.now() - tDom).toFixed(1);
    canvas.dataset.totalMs = total.toFixed(1);
    canvas.dataset.co = String(co);
    info.textContent = `${cfg.blocks.length} blocks, ${cfg.edges.length} edges, ${cfg.loops.length} loops, ${cfg.unreachable.length} unreachable; max depth ${depths.max}; laid out in ${reply.ms.toFixed(0)} ms`;
    view.dataset.drawn = String(Number(view.dataset.drawn ?? 0) + 1);
  }

  // Clicking a block: its instructions into the listing.
  canvas.addEventListener('click', (e) => {
    const g = (e.target as Element).closest<SVGGElement>('g.cfg-block');
    if (!g || !shown || dragged) return;
    const pyc = o.pyc();
    const code = codeObjects()[shown.co];
    if (!pyc || !code) return;
    const a = analyse(pyc, code);
    if (a instanceof Error) return;
    const b = a.cfg.blocks[Number(g.dataset.block)];
    if (!b) return;
    for (const s of canvas.querySelectorAll('g.cfg-block.selected')) s.classList.remove('selected');
    g.classList.add('selected');
    o.onBlock(shown.co, a.cfg.decoded.instructions.slice(b.first, b.end).map((i) => i.offset));
  });

  // Pan (drag) and zoom (wheel), on the canvas's scroll position and the SVG's size.
  let zoom = 1;
  let drag: { x: number; y: number; sl: number; st: number } | undefined;
  let dragged = false;
  function applyZoom(root: SVGSVGElement): void {
    const [, , w, h] = (root.getAttribute('viewBox') ?? '0 0 0 0').split(' ').map(Number);
    root.setAttribute('width', String((w ?? 0) * zoom));
    root.setAttribute('height', String((h ?? 0) * zoom));
  }
  canvas.addEventListener('wheel', (e) => {
    const root = canvas.querySelector<SVGSVGElement>('svg.cfg');
    if (!root || !(e.ctrlKey || e.metaKey || e.altKey)) return; // plain wheel scrolls
    e.preventDefault();
    zoom = Math.min(3, Math.max(0.1, zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15)));
    applyZoom(root);
  }, { passive: false });
  canvas.addEventListener('pointerdown', (e) => { drag = { x: e.clientX, y: e.clientY, sl: canvas.scrollLeft, st: canvas.scrollTop }; dragged = false; });
  canvas.addEventListener('pointermove', (e) => {
    if (!drag || !(e.buttons & 1)) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) dragged = true;
    canvas.scrollLeft = drag.sl - dx; canvas.scrollTop = drag.st - dy;
  });
  canvas.addEventListener('pointerup', () => { drag = undefined; });

  // The listing: the symbolic stack of the hovered row, in the help panel (after the listing view's help).
  listing.addEventListener('mouseover', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.ins[data-offset]');
    const pyc = o.pyc();
    if (!row || !pyc) return;
    const code = codeObjects()[Number(row.dataset.co)];
    if (!code) return;
    const a = analyse(pyc, code);
    if (a instanceof Error) return;
    const i = a.byOffset.get(Number(row.dataset.offset));
    if (i === undefined) return;
    const before = a.sym.before(i);
    const box = el('div', { cls: 'sym-stack', attrs: { id: 'sym-stack' } }, [
      el('h3', { text: `Stack before (depth ${a.depths.before[i] ?? -1})` }),
      before === null
        ? el('p', { text: 'never reached' })
        : before.length === 0 ? el('p', { text: 'empty' }) : el('ol', { cls: 'sym-slots' }, before.slice().reverse().map((s) => el('li', { text: s }))),
    ]);
    helpPanel.querySelector('#sym-stack')?.remove();
    helpPanel.append(box);
  });

  // Depths on the rows (also on rows built later, as they scroll into view).
  function annotateRows(rows: Iterable<HTMLElement>): void {
    const pyc = o.pyc();
    if (!pyc) return;
    for (const row of rows) {
      const code = codeObjects()[Number(row.dataset.co)];
      if (!code) continue;
      const a = analyse(pyc, code);
      if (a instanceof Error) continue;
      const i = a.byOffset.get(Number(row.dataset.offset));
      const d = i === undefined ? -1 : a.depths.before[i] ?? -1;
      row.dataset.depth = d < 0 ? '–' : String(d);
    }
  }
  new MutationObserver((records) => {
    if (!listing.classList.contains('show-depth')) return;
    const rows: HTMLElement[] = [];
    for (const r of records) for (const n of r.addedNodes) {
      if (!(n instanceof HTMLElement)) continue;
      if (n.matches('.ins[data-offset]')) rows.push(n);
      rows.push(...n.querySelectorAll<HTMLElement>('.ins[data-offset]:not([data-depth])'));
    }
    if (rows.length) annotateRows(rows);
  }).observe(listing, { childList: true, subtree: true });

  return {
    refresh() {
      const model = o.model();
      if (!model || view.hidden) return;
      const co = shown && shown.pyc === o.pyc() ? shown.co : o.selectedCode() ?? (model.code_objects.length > 1 ? 1 : 0);
      fillMenu(model, co);
      void draw(co);
    },
    annotateListing() {
      if (listing.classList.contains('show-depth')) annotateRows(listing.querySelectorAll<HTMLElement>('.ins[data-offset]'));
    },
  };
}
