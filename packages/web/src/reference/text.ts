/**
 * Shared pieces of the reference page's views: how they build links (a {@link RefContext}) and the core's
 * plain text turned into nodes — `code` spans for backquoted parts, links for instruction names. Everything is
 * text nodes and elements made by `el()`: nothing is parsed as HTML.
 */
import type { OpKind } from '@bytescope/core';
import { el } from '../ui/dom.js';
import { nearestVersion } from './search.js';

/** How the views link to other states of the page. */
export interface RefContext {
  /** The supported versions, oldest first. */
  readonly versions: readonly string[];
  /** Every opname of any supported version. */
  readonly known: ReadonlySet<string>;
  /** The fragment of an entry (keeping the search and filters). */
  entryHref(version: string, opname: string): string;
  /** The fragment of a version's overview. */
  versionHref(version: string): string;
  /** The fragment of the differences between two versions. */
  diffHref(from: string, to: string): string;
}

/** How the page names each kind. */
export const KIND_LABEL: Readonly<Record<OpKind, string>> = {
  real: 'base instruction', specialized: 'specialized', instrumented: 'instrumented', pseudo: 'pseudo-instruction',
};

/** Short names of the kinds, for filters and badges in lists. */
export const KIND_SHORT: Readonly<Record<OpKind, string>> = {
  real: 'base', specialized: 'specialized', instrumented: 'instrumented', pseudo: 'pseudo',
};

/** A link to `opname` in `version` or, when that version lacks it, in the nearest version that has it. */
export function opLink(ctx: RefContext, opname: string, version: string, text: string = opname, cls = 'op-ref'): HTMLAnchorElement {
  const v = nearestVersion(opname, version) ?? version;
  const a = el('a', { cls, text, attrs: { href: ctx.entryHref(v, opname) } });
  if (v !== version) a.title = `${opname} is not in ${version}: its entry for ${v}`;
  return a;
}

const OPNAME_WORD = /\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g;

function linkify(text: string, ctx: RefContext, version: string, self: string | null, out: Node[]): void {
  let last = 0;
  for (const m of text.matchAll(OPNAME_WORD)) {
    const word = m[0];
    if (word === self || !ctx.known.has(word)) continue;
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    out.push(opLink(ctx, word, version));
    last = m.index + word.length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
}

/**
 * The core's text as nodes: `backquoted` parts become `<code>`, known opnames (other than `self`) links to their
 * entry in `version` (or the nearest version that has them).
 */
export function richText(text: string, ctx: RefContext, version: string, self: string | null = null): Node[] {
  const out: Node[] = [];
  const parts = text.split('`');
  parts.forEach((part, i) => {
    const closed = i < parts.length - 1 || parts.length % 2 === 1;
    if (i % 2 === 1 && closed) out.push(el('code', { text: part }));
    else linkify(i % 2 === 1 ? '`' + part : part, ctx, version, self, out);
  });
  return out;
}

/** A paragraph of rich text. */
export function richP(text: string, ctx: RefContext, version: string, self: string | null = null, cls?: string): HTMLParagraphElement {
  return el('p', cls ? { cls } : {}, richText(text, ctx, version, self));
}

/** The text with its first letter in upper case (the core's history events start in lower case). */
export function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** A long opname as text with break opportunities after its underscores (`<wbr>`), for narrow boxes. */
export function breakable(name: string): Node[] {
  const out: Node[] = [];
  name.split(/(?<=_)/).forEach((part, i) => {
    if (i) out.push(el('wbr'));
    out.push(document.createTextNode(part));
  });
  return out;
}
