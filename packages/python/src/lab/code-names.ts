/**
 * Names the code objects of a lab result. The driver reports each code object's place in the program (index, parent)
 * and `co_qualname` where the version stores it; before 3.11 it reports the scope facts instead, and the core's
 * `qualnames` applies CPython's naming rule here, the one place that rule lives.
 */
import { qualnames, type QualnameNode } from '@bytescope/core';
import type { LabCodeIdentityWire } from './protocol.js';

/**
 * Fills in `qualname` and `key` (`qualname:firstLineno`, `#2`… for a repeat) of code objects as the driver sent them,
 * in place, and drops the scope facts. `objects` are in dis order, each parent before its children.
 */
export function nameLabCodes(objects: readonly LabCodeIdentityWire[]): void {
  const position = new Map<number, number>();
  const nodes: QualnameNode[] = objects.map((o, i) => {
    position.set(o.index, i);
    const scope = o.scope ?? { flags: 0, varnames: [], cellvars: [], freevars: [] };
    const parent = o.parent === null ? null : (position.get(o.parent) ?? null);
    return {
      parent,
      code: { layout: o.qualname === null ? '3.10' : '3.11', name: o.name, qualname: o.qualname ?? o.name, ...scope },
    };
  });
  const names = qualnames(nodes);
  const seen = new Map<string, number>();
  objects.forEach((o, i) => {
    const named: LabCodeIdentityWire & { key?: string } = o;
    named.qualname = names[i] ?? o.name;
    const key = `${named.qualname}:${o.firstLineno}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    named.key = n > 1 ? `${key}#${n}` : key;
    delete named.scope;
  });
}
