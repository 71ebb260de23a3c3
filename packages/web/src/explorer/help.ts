/**
 * Instruction help: what an instruction does, its stack effect for this argument and what the argument
 * means, for the chosen version — from the core's instruction reference (`explain`).
 */
import { explain, historyBrief, referenceVersions, stackEffectAt, type VersionInfo } from '@bytescope/core';
import { referenceHref } from '../reference/link.js';
import { el } from '../ui/dom.js';

/** Help for one instruction, as text lines: from the instruction reference of that version. */
export function instructionHelp(v: VersionInfo, opcode: number, opname: string, arg: number | null): { title: string; lines: string[] } {
  const described = referenceVersions();
  if (!described.includes(v.version)) {
    // A version the core disassembles but the reference does not describe (none today: it describes them all).
    const known = v.table.opname[opcode] === opname;
    return {
      title: opname,
      lines: [known ? `Opcode ${opcode} in CPython ${v.table.data.fullVersion}.` : fallbackHelp(v, opcode, opname).lines[0]!,
        `The instruction reference describes CPython ${described[0]}–${described[described.length - 1]}.`],
    };
  }
  const entry = explain(opname, v.version);
  if (!entry) return fallbackHelp(v, opcode, opname);
  const lines = [entry.description];
  const se = stackEffectAt(entry, arg);
  if (se.net !== null) {
    const sign = (n: number) => (n >= 0 ? '+' : '') + n;
    let t = `Stack effect: ${sign(se.net)}`;
    if (se.pops !== null && se.pushes !== null) t += ` (pops ${se.pops}, pushes ${se.pushes})`;
    if (se.net_jump !== null && se.net_jump !== se.net) t += `; ${sign(se.net_jump)} when it jumps`;
    lines.push(t + '.');
  }
  lines.push(`Argument: ${entry.argument.meaning}`);
  if (entry.argument.has_arg) lines.push(`dis shows: ${entry.argument.dis}`);
  if (entry.caches.units) lines.push(`Inline cache: ${entry.caches.units} code unit${entry.caches.units > 1 ? 's' : ''}.`);
  if (entry.base) lines.push(`Specialized form of ${entry.base}.`);
  else if (entry.family.length) lines.push(`Specializes into: ${entry.family.join(', ')}.`);
  const h = entry.history;
  lines.push(`History: ${historyBrief(h)}`);
  lines.push(`Opcode ${entry.opcode} in CPython ${entry.full_version}.`);
  return { title: opname, lines };
}

/**
 * The help panel's content for one instruction: its name, the lines of {@link instructionHelp} and a link to its
 * full entry in the instruction reference (a new tab, like the listing's opnames).
 */
export function helpElements(v: VersionInfo, opcode: number, opname: string, arg: number | null): HTMLElement[] {
  const h = instructionHelp(v, opcode, opname, arg);
  const link = el('a', {
    text: 'Full reference →', title: `${opname} in the CPython ${v.version} instruction reference: stack diagram, example, history (new tab)`,
    attrs: { href: referenceHref(v.version, opname), target: '_blank', rel: 'noopener' },
  });
  const body = [el('h2', { text: h.title }), ...h.lines.map((l) => el('p', {}, codeSpans(l)))];
  return referenceVersions().includes(v.version) ? [...body, el('p', { cls: 'help-ref' }, [link])] : body;
}

/** Text whose `backquoted` parts (the reference's notation for code) become `<code>` elements. */
function codeSpans(text: string): Node[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [document.createTextNode(text)]; // unbalanced: as it is
  return parts.map((p, i) => (i % 2 ? el('code', { text: p }) : document.createTextNode(p)));
}

/** Help for an opcode the version's table does not have (a corrupt or foreign `.pyc`): what can be said. */
function fallbackHelp(v: VersionInfo, opcode: number, opname: string): { title: string; lines: string[] } {
  return {
    title: opname,
    lines: [`CPython ${v.table.data.fullVersion} has no instruction with opcode ${opcode}: the byte is not an opcode of this version (a corrupt .pyc, or one of another version read as this one).`],
  };
}
