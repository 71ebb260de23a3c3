/**
 * The first listing, shown while the runtime loads: the default example compiled at build time by each version's
 * own CPython (the same Pyodide runtimes the page loads; scripts/make-first-listings.js writes
 * `first-listing.json`). It is shown only for exactly the source and compile options it was compiled from, and
 * only until that version's runtime has compiled the editor's source itself.
 */

/** The module name the editor's source is compiled under (the compile worker's; `co_filename` in the listing). */
export const EDITOR_FILENAME = '<editor>';

/** How the editor's source is compiled until the user changes it (the compile options' defaults). */
export const DEFAULT_COMPILE = { mode: 'exec', optimize: 0 } as const;

/** The file the build writes next to index.html. */
export const FIRST_LISTING_FILE = 'first-listing.json';

/** What `first-listing.json` holds. */
export interface FirstListings {
  readonly source: string;
  readonly filename: string;
  readonly mode: string;
  readonly optimize: number;
  /** Per version: the full CPython version that compiled it, and the `.pyc` (base64). */
  readonly versions: Readonly<Record<string, { readonly fullVersion: string; readonly pyc: string }>>;
}

/** A `.pyc` compiled at build time, and by which CPython. */
export interface FirstListing { readonly pyc: Uint8Array; readonly fullVersion: string }

let loaded: Promise<FirstListings | undefined> | undefined;

/** Starts fetching `first-listing.json` (once; a page built without it simply has no first listing). */
export function loadFirstListings(): Promise<FirstListings | undefined> {
  loaded ??= fetch(new URL(FIRST_LISTING_FILE, document.baseURI))
    .then((r) => (r.ok ? (r.json() as Promise<FirstListings>) : undefined))
    .catch(() => undefined);
  return loaded;
}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The build-time `.pyc` of `source` for `version`, when the build compiled exactly this source with exactly these
 * options (`filename` is the name the page compiles under); otherwise undefined.
 */
export async function firstListing(version: string, source: string, filename: string, mode: string, optimize: number): Promise<FirstListing | undefined> {
  const all = await loadFirstListings();
  if (!all || all.source !== source || all.filename !== filename || all.mode !== mode || all.optimize !== optimize) return undefined;
  const v = all.versions[version];
  return v && { pyc: fromBase64(v.pyc), fullVersion: v.fullVersion };
}
