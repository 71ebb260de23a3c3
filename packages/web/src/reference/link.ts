/**
 * Links into the instruction reference page (`reference.html`) and the URL fragment that holds its state:
 * `#3.14/LOAD_FAST?q=load&k=specialized`, `#3.14?q=add`, `#diff/3.10/3.11`. Pure functions, no DOM, no core data,
 * so that the explorer's listing can build links without loading anything.
 */

/** The kinds of instruction the reference distinguishes (the core's `OpKind`). */
export type RouteKind = 'real' | 'specialized' | 'instrumented' | 'pseudo';

/** Every kind, in the order the page shows its filters. */
export const ROUTE_KINDS: readonly RouteKind[] = ['real', 'specialized', 'pseudo', 'instrumented'];

/** What the reference page shows. */
export interface ReferenceRoute {
  /** `entry`: one instruction (or the version overview when `opname` is null); `diff`: what changed between versions. */
  readonly view: 'entry' | 'diff';
  /** The version of the entry and of the list (for `diff`, the newer version). */
  readonly version: string;
  readonly opname: string | null;
  /** The versions compared by the `diff` view (older first as given; empty strings for `entry`). */
  readonly from: string;
  readonly to: string;
  /** The search box's text. */
  readonly query: string;
  /** The kinds the list is limited to (empty: every kind). */
  readonly kinds: readonly RouteKind[];
}

/** The reference entry of `opname` in `version`, relative to the explorer's page (`reference.html#3.14/LOAD_FAST`). */
export function referenceHref(version: string, opname: string): string {
  return `reference.html#${version}/${encodeURIComponent(opname)}`;
}

const OPNAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Reads a fragment (with or without `#`). Unknown versions fall back to `defaultVersion`, a malformed opname
 * is dropped, unknown kinds are ignored: any fragment gives a route.
 */
export function parseRoute(hash: string, versions: readonly string[], defaultVersion: string): ReferenceRoute {
  const raw = hash.replace(/^#/, '');
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const query = params.get('q') ?? '';
  const kinds = (params.get('k') ?? '').split(',').filter((k): k is RouteKind => (ROUTE_KINDS as readonly string[]).includes(k));
  const parts = path.split('/').map((p) => { try { return decodeURIComponent(p); } catch { return ''; } });
  const known = (v: string | undefined): v is string => v !== undefined && versions.includes(v);
  if (parts[0] === 'diff') {
    const newest = versions[versions.length - 1] ?? defaultVersion;
    const to = known(parts[2]) ? parts[2] : known(parts[1]) ? newestAfter(parts[1], versions) ?? newest : defaultVersion;
    const from = known(parts[1]) && parts[1] !== to ? parts[1] : previousOf(to, versions) ?? versions[0] ?? defaultVersion;
    return { view: 'diff', version: to, opname: null, from, to, query, kinds };
  }
  const version = known(parts[0]) ? parts[0] : defaultVersion;
  const name = (parts[1] ?? '').trim().toUpperCase();
  return { view: 'entry', version, opname: OPNAME.test(name) ? name : null, from: '', to: '', query, kinds };
}

function previousOf(v: string, versions: readonly string[]): string | undefined {
  const i = versions.indexOf(v);
  return i > 0 ? versions[i - 1] : undefined;
}

function newestAfter(v: string, versions: readonly string[]): string | undefined {
  const i = versions.indexOf(v);
  return i >= 0 && i < versions.length - 1 ? versions[i + 1] : undefined;
}

/** The fragment (with `#`) of a route; the inverse of {@link parseRoute}. */
export function routeHash(r: ReferenceRoute): string {
  const path = r.view === 'diff' ? `diff/${r.from}/${r.to}` : r.opname ? `${r.version}/${encodeURIComponent(r.opname)}` : r.version;
  const params = new URLSearchParams();
  if (r.query) params.set('q', r.query);
  if (r.kinds.length) params.set('k', r.kinds.join(','));
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}
