/** The page state in the URL fragment: JSON, deflate-compressed, base64url. */
import { parsePyVersion } from '@bytescope/core';
import type { StepShareState } from '../step/tab.js';
import { STEP_UNITS } from '../step/replay.js';

/** What a shared link restores. */
export interface ShareState {
  source: string;
  version: string;
  caches: boolean;
  offsets: boolean;
  positions: boolean;
  /** The "line bands" toggle (absent from older links: off). */
  bands?: boolean;
  /** Selected instruction as "codeIndex:offset", if any. */
  selection?: string;
  /** The Lab tab, when it was shown (absent from older links). */
  lab?: LabShareState;
  /** Compile options other than the defaults (`optimize` 0, mode `exec`); absent from older links. */
  optimize?: 1 | 2;
  mode?: 'eval' | 'single';
  /** The Step tab, when it was shown: its mode, the step of each column, breakpoints (absent from older links). */
  step?: StepShareState;
}

/** What a link keeps of the Lab tab: its panel and, for Compare in its two-versions mode, the versions and source. */
export interface LabShareState {
  panel: 'run' | 'specialize' | 'compare' | 'hints';
  versions?: { a: string; b: string; source: string };
}

const LAB_PANELS: readonly LabShareState['panel'][] = ['run', 'specialize', 'compare', 'hints'];

/** The lab part of a decoded link, checked field by field (anything malformed is dropped). */
function labState(v: unknown): LabShareState | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as { panel?: unknown; versions?: unknown };
  const panel = LAB_PANELS.find((p) => p === o.panel);
  if (!panel) return undefined;
  const ver = o.versions as { a?: unknown; b?: unknown; source?: unknown } | undefined;
  if (typeof ver === 'object' && ver !== null && isVersion(ver.a) && isVersion(ver.b)) {
    return { panel, versions: { a: ver.a, b: ver.b, source: typeof ver.source === 'string' ? ver.source.slice(0, 100) : 'editor' } };
  }
  return { panel };
}

/** Most columns, and breakpoints per column, a link restores. */
const STEP_MAX_COLUMNS = 2;
const STEP_MAX_BREAKPOINTS = 200;

/** The stepper part of a decoded link, checked field by field (anything malformed is dropped). */
function stepState(v: unknown): StepShareState | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as { mode?: unknown; lesson?: unknown; steps?: unknown; unit?: unknown; breakpoints?: unknown };
  if (o.mode !== 'program' && o.mode !== 'lesson') return undefined;
  const unit = STEP_UNITS.find((u) => u === o.unit) ?? 'instruction';
  const steps = Array.isArray(o.steps) ? o.steps.slice(0, STEP_MAX_COLUMNS).map((n) => (Number.isSafeInteger(n) && (n as number) >= 0 ? n as number : 0)) : [];
  const breakpoints = Array.isArray(o.breakpoints)
    ? o.breakpoints.slice(0, STEP_MAX_COLUMNS).map((b) => (Array.isArray(b) ? b.filter((k): k is string => typeof k === 'string' && /^\d+:\d+$/.test(k)).slice(0, STEP_MAX_BREAKPOINTS) : []))
    : [];
  return { mode: o.mode, ...(typeof o.lesson === 'string' ? { lesson: o.lesson.slice(0, 100) } : {}), unit, steps, breakpoints };
}

/** A version as a link writes it (`3.14`); whether the page has it is for the reader of the state to check. */
function isVersion(x: unknown): x is string {
  return typeof x === 'string' && parsePyVersion(x) !== undefined;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const blob = new Blob([data as BlobPart]);
  const out = await new Response(blob.stream().pipeThrough(stream)).arrayBuffer();
  return new Uint8Array(out);
}

/** Encodes the state for `location.hash` (without the `#`). */
export async function encodeState(state: ShareState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return 's=' + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** A fragment that is meant as a link to a state but cannot be read: why, in a sentence. */
export interface BrokenLink { readonly broken: string }

/**
 * Decodes a fragment made by {@link encodeState}: undefined when there is none (an empty fragment, or one that is not a
 * link to a state), a {@link BrokenLink} when it is one that cannot be read (cut short, mistyped, not made here).
 */
export async function decodeState(hash: string): Promise<ShareState | BrokenLink | undefined> {
  const h = hash.replace(/^#/, '');
  if (!h.startsWith('s=')) return undefined;
  const m = /^s=([A-Za-z0-9_-]+)$/.exec(h);
  if (!m) return { broken: 'it has characters a link made here never has (cut or changed when copied?)' };
  let v: Partial<Record<keyof ShareState, unknown>>;
  try {
    const json = await pipe(fromBase64Url(m[1]!), new DecompressionStream('deflate-raw'));
    v = JSON.parse(new TextDecoder().decode(json)) as Partial<Record<keyof ShareState, unknown>>;
  } catch {
    return { broken: 'its data does not decode (cut short when copied?)' };
  }
  if (typeof v !== 'object' || v === null || typeof v.source !== 'string' || typeof v.version !== 'string') return { broken: 'it holds no source and version' };
  const lab = labState(v.lab);
  const step = stepState(v.step);
  return {
    source: v.source, version: v.version, caches: v.caches === true, offsets: v.offsets === true,
    positions: v.positions === true, ...(v.bands === true ? { bands: true } : {}),
    selection: typeof v.selection === 'string' ? v.selection : undefined,
    ...(lab ? { lab } : {}),
    ...(step ? { step } : {}),
    ...(v.optimize === 1 || v.optimize === 2 ? { optimize: v.optimize } : {}),
    ...(v.mode === 'eval' || v.mode === 'single' ? { mode: v.mode } : {}),
  };
}

/** Whether a decoded fragment is a broken link. */
export function isBroken(x: ShareState | BrokenLink): x is BrokenLink {
  return 'broken' in x;
}
