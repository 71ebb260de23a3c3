/**
 * The reference page's live example: on demand only (a button), the entry's snippet is compiled — or warmed up, or
 * run under sys.monitoring — by real CPython of the entry's version in a Web Worker (workers/reference-worker.ts), and its
 * `dis` listing is shown with the illustrated instruction's lines highlighted. Nothing is loaded until a button is
 * pressed; one runtime is kept (the version last used), and results are remembered for the page's lifetime.
 */
import { isPythonVersion, pythonVersionRange, type ReferenceEntry } from '@bytescope/core';
import {
  EXCEPTION_TABLE_TARGET, describeLiveExample, exampleInput, liveExampleFrom, parseExamplesOutput,
  type ExampleInput, type ExampleSpec, type ExamplesOutput, type LiveExample,
} from '@bytescope/python/reference-example';
import { el } from '../ui/dom.js';
import { errorMessage } from '../ui/errors.js';
import type { ReferenceWorkerRequest, ReferenceWorkerResponse } from '../workers/reference-worker.js';
import { WorkerRequests } from '../workers/requests.js';

/** The marker of the illustrated instruction's lines (as in `bytescope explain --live`). */
const MARK = '▶';
const LOAD_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 30_000;

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<ReferenceWorkerRequest>;
type Ok = Extract<ReferenceWorkerResponse, { ok: true }>;

/** One CPython of one version in a worker; asking for another version replaces it. */
class ExampleRuntime {
  private worker: Worker | null = null;
  private requests: WorkerRequests<ReferenceWorkerResponse> | null = null;
  private version = '';
  private loaded: Promise<Ok> | null = null;
  private isLoaded = false;

  /** True when the runtime of `version` is loaded. */
  ready(version: string): boolean {
    return this.version === version && this.isLoaded;
  }

  /** Starts (or reuses) the runtime of `version`; resolves once it is loaded. */
  load(version: string): Promise<Ok> {
    if (this.worker && this.version === version && this.loaded) return this.loaded;
    this.stop();
    this.version = version;
    const w = new Worker(new URL('../workers/reference-worker.ts', import.meta.url), { type: 'module', name: `bytescope-reference-${version}` });
    const requests = new WorkerRequests<ReferenceWorkerResponse>(w, (m) => (m.ok ? null : m.error));
    this.worker = w;
    this.requests = requests;
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      requests.failAll(new Error(e.message || `the Python ${version} worker failed`));
      if (this.worker === w) this.stop();
    };
    const loaded = this.call({ type: 'load', version }, LOAD_TIMEOUT_MS);
    this.loaded = loaded;
    loaded.then(() => { if (this.loaded === loaded) this.isLoaded = true; }, () => { if (this.loaded === loaded) this.stop(); });
    return loaded;
  }

  /** Runs examples (see py/bytescope_reference.py of @bytescope/python) in the runtime of `version`. */
  async run(version: string, inputs: ExampleInput[]): Promise<ExamplesOutput> {
    await this.load(version);
    const r = await this.call({ type: 'run', version, inputs }, RUN_TIMEOUT_MS);
    return parseExamplesOutput(r.output ?? '');
  }

  private call(req: Request, timeoutMs: number): Promise<Ok> {
    const w = this.worker;
    const requests = this.requests;
    if (!w || !requests) return Promise.reject(new Error('no Python worker'));
    return requests.call(req, timeoutMs, `Python ${req.version} did not answer within ${timeoutMs / 1000} s`, () => {
      if (this.worker === w) this.stop();
    }) as Promise<Ok>;
  }

  /** Stops the worker (whatever waits on it is rejected). */
  stop(): void {
    this.worker?.terminate();
    this.requests?.failAll(new Error('the Python worker was stopped'));
    this.worker = null;
    this.requests = null;
    this.loaded = null;
    this.isLoaded = false;
  }
}

const runtime = new ExampleRuntime();

/** `compile`: the compiled snippet; `live`: after the warm-up or under sys.monitoring (what `explain --live` shows). */
type Mode = 'compile' | 'live';

/** A shown result: the listing, what it marks, and a caption. */
interface Shown {
  readonly live: LiveExample;
  readonly caption: string;
  readonly ms: number;
}

const results = new Map<string, Shown>();
const key = (e: ReferenceEntry, mode: Mode) => `${e.version}/${e.opname}/${mode}`;

/** The example as run in `mode`: compiling a specialized or instrumented example shows its base instruction. */
function spec(e: ReferenceEntry, mode: Mode): { example: ExampleSpec; targets?: string[] } {
  const x = e.example;
  if (mode === 'live' || (x.status !== 'specialized' && x.status !== 'instrumented')) return { example: x };
  return { example: { ...x, status: 'compiled' }, targets: [e.base ?? e.opname] };
}

function captionOf(e: ReferenceEntry, mode: Mode, live: LiveExample): string {
  const x = e.example;
  const base = e.base ?? e.opname;
  if (mode === 'compile' && x.status === 'specialized') {
    return `CPython ${live.fullVersion} compiled the snippet: before any warm-up it has ${base}, which the adaptive ` +
      `interpreter rewrites into ${e.opname} once it has seen the same case often enough.`;
  }
  if (mode === 'compile' && x.status === 'instrumented') {
    return `CPython ${live.fullVersion} compiled the snippet: it has ${base}; with sys.monitoring events on, CPython ` +
      `writes ${e.opname} in its place.`;
  }
  return describeLiveExample(e.opname, x, live).replace(/`/g, '');
}

/** Splits a marked line so that the instruction's name can be emphasised. */
function lineNodes(text: string, opname: string | null, marked: boolean): Node[] {
  if (!marked || !opname) return [document.createTextNode(text)];
  const m = new RegExp(`(^|\\s)(${opname})(?=\\s|$)`).exec(text);
  if (!m) return [document.createTextNode(text)];
  const at = m.index + m[1]!.length;
  return [
    document.createTextNode(text.slice(0, at)),
    el('mark', { cls: 'ex-op', text: opname }),
    document.createTextNode(text.slice(at + opname.length)),
  ];
}

function renderListing(e: ReferenceEntry, mode: Mode, shown: Shown): HTMLElement {
  const { live } = shown;
  const marked = live.lines.filter((l) => l.marked).length;
  const what = live.targets.map((t) => (t === EXCEPTION_TABLE_TARGET ? 'the exception-table entries' : t)).join(' / ');
  const code = el('code', {}, live.lines.map((l) => el('span', { cls: `ex-line${l.marked ? ' marked' : ''}` }, [
    el('span', { cls: 'ex-gutter', text: l.marked ? MARK : ' ', attrs: { 'aria-hidden': 'true' } }),
    ...lineNodes(l.text, l.opname, l.marked),
    document.createTextNode('\n'),
  ])));
  const pre = el('pre', {
    cls: 'ex-listing', attrs: { tabindex: '0', 'aria-label': `dis listing of the example, CPython ${live.fullVersion}` },
  }, [code]);
  return el('div', { cls: 'ex-live-out', attrs: { 'data-mode': mode, 'data-marked': String(marked) } }, [
    el('p', { cls: 'ex-live-caption', text: shown.caption }),
    el('p', { cls: 'ex-live-key muted' }, [
      el('span', { cls: 'ex-key-mark', text: MARK, attrs: { 'aria-hidden': 'true' } }),
      document.createTextNode(marked ? ` marks ${what} (${marked} line${marked === 1 ? '' : 's'}).` : ` The listing shows no ${what}.`),
    ]),
    live.note ? el('p', { cls: 'note-text', text: `Note: ${live.note}.` }) : null,
    pre,
  ]);
}

/** Scrolls the listing (not the page) so that its first marked line is in view. */
function revealMark(out: HTMLElement): void {
  const pre = out.querySelector<HTMLElement>('.ex-listing');
  const first = pre?.querySelector<HTMLElement>('.ex-line.marked');
  if (!pre || !first) return;
  const top = first.offsetTop - pre.offsetTop;
  if (top + first.offsetHeight > pre.clientHeight) pre.scrollTop = Math.max(0, top - pre.clientHeight / 3);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The live part of an entry's Example section: "Compile it with CPython X.Y" (and, for a specialized or instrumented
 * instruction, a button that warms the snippet up or runs it under sys.monitoring), a progress line, and the
 * listing. Null when there is no snippet to run.
 */
export function renderLiveExample(e: ReferenceEntry): HTMLElement | null {
  const x = e.example;
  if (x.status === 'unproducible' || !x.code) return null;
  if (!isPythonVersion(e.version)) {
    // 2.7 and 3.0–3.9: no CPython of that version runs in the page (the snippets of 2.7 and 3.6–3.9 are checked
    // with native interpreters by the test suite).
    return el('p', { cls: 'ex-live-none', text: `No CPython ${e.version} runs in this page (runtimes: ${pythonVersionRange()}), ` +
      'so this example cannot be compiled here; compile it with that version\'s own interpreter and `dis`.' });
  }
  const box = el('div', { cls: 'ex-live', attrs: { 'data-state': 'idle' } });
  const status = el('p', { cls: 'ex-live-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const out = el('div', { cls: 'ex-live-result' });
  const buttons: HTMLButtonElement[] = [];
  const button = (mode: Mode, text: string, title: string, primary: boolean) => {
    const b = el('button', { cls: `ex-run${primary ? ' primary' : ''}`, text, title, attrs: { type: 'button', 'data-mode': mode } });
    b.addEventListener('click', () => { void go(mode); });
    buttons.push(b);
    return b;
  };
  const liveKind = x.status === 'specialized' || x.status === 'instrumented';
  const row = el('div', { cls: 'ex-live-buttons' }, [
    button('compile', `Compile it with CPython ${e.version}`,
      `Compiles the snippet with the real CPython ${e.version} (WebAssembly, in this page) and shows its dis listing.`, !liveKind),
    x.status === 'specialized' ? button('live', 'Warm it up and show the adaptive bytecode',
      `Runs the snippet, then ${x.run ?? 'f()'} ${x.warm} times in CPython ${e.version}, and shows dis.dis(…, adaptive=True).`, true) : null,
    x.status === 'instrumented' ? button('live', 'Run it under sys.monitoring and show the instrumented bytecode',
      `Runs ${x.run ?? 'f()'} in CPython ${e.version} with the events ${x.monitor.join(', ')} on, and shows dis.dis(…, adaptive=True).`, true) : null,
  ]);
  box.append(row, status, out);

  const setState = (state: string, text: string, cls = '') => {
    box.dataset.state = state;
    status.textContent = text;
    status.className = `ex-live-status${cls ? ' ' + cls : ''}`;
  };
  const show = (mode: Mode, shown: Shown) => {
    out.replaceChildren(renderListing(e, mode, shown));
    box.dataset.shown = mode;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
    requestAnimationFrame(() => revealMark(out));
  };

  async function go(mode: Mode): Promise<void> {
    const cached = results.get(key(e, mode));
    if (cached) {
      show(mode, cached);
      setState('done', '');
      return;
    }
    for (const b of buttons) b.disabled = true;
    const t0 = performance.now();
    try {
      if (!runtime.ready(e.version)) {
        setState('loading', `Starting CPython ${e.version} in this page (once; a few seconds, up to 10 s for 3.10 and 3.11)…`);
        await runtime.load(e.version);
      }
      const t1 = performance.now();
      const { example, targets } = spec(e, mode);
      setState('running', mode === 'compile' ? 'Compiling the snippet…'
        : x.status === 'specialized' ? `Warming up: ${x.run ?? 'f()'} ${x.warm} times…` : `Running ${x.run ?? 'f()'} under sys.monitoring…`);
      const output = await runtime.run(e.version, [exampleInput(e.opname, example, true)]);
      const live = liveExampleFrom(output, e.opname, example, targets);
      if (live.error !== null || live.listing === null) throw new Error(`the snippet failed: ${live.error ?? 'no listing'}`);
      const shown: Shown = { live, caption: captionOf(e, mode, live), ms: performance.now() - t1 };
      results.set(key(e, mode), shown);
      show(mode, shown);
      const started = t1 - t0 > 50 ? `; CPython started in ${seconds(t1 - t0)}` : '';
      setState('done', `Done in ${seconds(shown.ms)}${started}.`, 'muted');
    } catch (err) {
      setState('error', `Could not run the example in CPython ${e.version}: ${errorMessage(err)}`, 'ex-live-error');
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  // A result already produced on this page (the entry shown again) is shown at once.
  const prior = (['live', 'compile'] as const).find((m) => results.has(key(e, m)));
  if (prior) void go(prior);
  return box;
}
