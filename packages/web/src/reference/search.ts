/**
 * The reference page's list: every instruction of a version, or the matches of a search (the core's
 * `searchReference`, plus opcode numbers), limited to some kinds; and matches in other versions when the chosen
 * version has none or lacks an instruction of that name.
 */
import { compareVersions, explain, opnameVersions, referenceIndex, searchReference, summaryOf, type OpKind, type ReferenceIndexItem, type SearchHit } from '@bytescope/core';

/** One row of the list: an opname, and the version the row links to. */
export type ListItem = Pick<SearchHit, 'opname' | 'version' | 'kind' | 'opcode' | 'summary'>;

/** What the list shows. */
export interface ListResult {
  /** Rows of the chosen version. */
  readonly items: readonly ListItem[];
  /** Matches that only other versions have (each opname once, in the newest version that has it). */
  readonly elsewhere: readonly ListItem[];
}

const indexCache = new Map<string, readonly ReferenceIndexItem[]>();

/** The core's index of `version`, computed once. */
export function versionIndex(version: string): readonly ReferenceIndexItem[] {
  let idx = indexCache.get(version);
  if (!idx) {
    idx = referenceIndex(version);
    indexCache.set(version, idx);
  }
  return idx;
}

const byName = (a: ListItem, b: ListItem) => a.opname.localeCompare(b.opname);

/**
 * The list for `query` in `version`: with an empty query every instruction (by name); otherwise opcode numbers
 * first (a query that is a number), then the core's search hits, best first.
 */
export function findInstructions(version: string, query: string, kinds: readonly OpKind[]): ListResult {
  const q = query.trim();
  const allowed = (k: OpKind) => !kinds.length || kinds.includes(k);
  const index = versionIndex(version);
  const row = (x: ReferenceIndexItem): ListItem => ({ opname: x.opname, version, kind: x.kind, opcode: x.opcode, summary: x.summary });
  if (!q) return { items: index.filter((x) => allowed(x.kind)).map(row).sort(byName), elsewhere: [] };
  const items: ListItem[] = [];
  const seen = new Set<string>();
  if (/^\d+$/.test(q)) {
    for (const x of index) if (x.opcode === Number(q) && allowed(x.kind)) { items.push(row(x)); seen.add(x.opname); }
  }
  const opts = kinds.length ? { kinds } : {};
  for (const h of searchReference(q, { ...opts, version, limit: 1000 })) {
    if (seen.has(h.opname)) continue;
    seen.add(h.opname);
    items.push({ opname: h.opname, version, kind: h.kind, opcode: h.opcode, summary: h.summary });
  }
  const present = new Set(index.map((x) => x.opname));
  const tokens = q.toLowerCase().split(/\s+/).filter(Boolean);
  const other = searchReference(q, { ...opts, limit: 60 }).filter((h) => !present.has(h.opname));
  // With matches here, only other versions' instructions whose name matches (BINARY_ADD searched in 3.14).
  const elsewhere = (items.length ? other.filter((h) => tokens.every((t) => h.opname.toLowerCase().includes(t))) : other)
    .slice(0, 20).map((h): ListItem => {
      const v = nearestVersion(h.opname, version) ?? h.version;
      const e = explain(h.opname, v);
      return e ? { opname: e.opname, version: v, kind: e.kind, opcode: e.opcode, summary: summaryOf(e.description) }
        : { opname: h.opname, version: h.version, kind: h.kind, opcode: h.opcode, summary: h.summary };
    });
  return { items, elsewhere };
}

/** The version closest to `version` that has `opname` (the next newer first), or undefined when none has it. */
export function nearestVersion(opname: string, version: string): string | undefined {
  const vs = opnameVersions(opname);
  if (vs.includes(version)) return version;
  return vs.find((v) => compareVersions(v, version) > 0) ?? vs.filter((v) => compareVersions(v, version) < 0).pop();
}
