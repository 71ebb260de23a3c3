// Test fixtures for the web explorer: hand-built `.pyc` files (no Python needed) and a realistic module.

/** Little marshal writer for CPython 3.12 code objects (the layout of Python/marshal.c, version 4). */
class Marshal {
  constructor() { this.parts = []; }
  byte(b) { this.parts.push(Uint8Array.of(b)); return this; }
  int32(n) { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, n, true); this.parts.push(b); return this; }
  raw(bytes) { this.parts.push(bytes); return this; }
  str(s) { const u = new TextEncoder().encode(s); return this.byte(0x75 /* u */).int32(u.length).raw(u); }
  bytes(u) { return this.byte(0x73 /* s */).int32(u.length).raw(u); }
  none() { return this.byte(0x4e /* N */); }
  tuple(items) { this.byte(0x28 /* ( */).int32(items.length); for (const it of items) it(this); return this; }
  /** A 3.12 code object. */
  code(o) {
    this.byte(0x63 /* c */).int32(o.argcount ?? 0).int32(0).int32(0).int32(o.stacksize).int32(o.flags);
    this.bytes(Uint8Array.from(o.code));
    this.tuple(o.consts);
    this.tuple(o.names.map((n) => (m) => m.str(n)));
    this.tuple([]); // co_localsplusnames
    this.bytes(new Uint8Array(0)); // co_localspluskinds
    this.str(o.filename).str(o.name).str(o.qualname ?? o.name).int32(o.firstlineno ?? 1);
    this.bytes(Uint8Array.from(o.linetable ?? [])); // no locations
    this.bytes(new Uint8Array(0)); // exception table
    return this;
  }
  done() {
    const n = this.parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(n);
    let i = 0;
    for (const p of this.parts) { out.set(p, i); i += p.length; }
    return out;
  }
}

/** A 3.12 header: magic 3531, timestamp-based. */
function header312() {
  const h = new Uint8Array(16);
  const dv = new DataView(h.buffer);
  dv.setUint16(0, 3531, true);
  h[2] = 0x0d; h[3] = 0x0a;
  dv.setUint32(8, 1700000000, true);
  dv.setUint32(12, 123, true);
  return h;
}

export const XSS_CONST = '<img src=x onerror=alert(1)>';
export const XSS_NAME = '<svg onload=alert(2)>';
export const XSS_FUNC = '<img src=y onerror=alert(3)>';
export const XSS_FILE = '<script>alert(4)</script>';

// 3.12 opcodes (packages/core/src/tables/cpython-312.ts)
const RESUME = 151, LOAD_CONST = 100, STORE_NAME = 90, RETURN_CONST = 121, MAKE_FUNCTION = 132;

/**
 * A CPython 3.12 `.pyc` whose constants, names, function name and file name are HTML: the module
 * `<svg…> = '<img…>'; def <img…>(): pass` as a hand-built code object.
 */
export function xssPyc() {
  const m = new Marshal().code({
    stacksize: 1, flags: 0, filename: XSS_FILE, name: '<module>', names: [XSS_NAME, XSS_FUNC],
    code: [RESUME, 0, LOAD_CONST, 0, STORE_NAME, 0, LOAD_CONST, 1, MAKE_FUNCTION, 0, STORE_NAME, 1, RETURN_CONST, 2],
    consts: [
      (w) => w.str(XSS_CONST),
      (w) => w.code({ stacksize: 0, flags: 3, filename: XSS_FILE, name: XSS_FUNC, names: [], code: [RESUME, 0, RETURN_CONST, 0], consts: [(x) => x.none()], firstlineno: 1 }),
      (w) => w.none(),
    ],
  }).done();
  const h = header312();
  const out = new Uint8Array(h.length + m.length);
  out.set(h);
  out.set(m, h.length);
  return out;
}

/**
 * A large CPython 3.12 `.pyc` (about 140 bytes a function): a module whose constants are `functions` small functions,
 * each returning a string constant of its own. Built by hand: no Python needed.
 */
export function bigPyc(functions = 1500) {
  const consts = [(w) => w.none()];
  for (let i = 0; i < functions; i++) {
    const name = `function_number_${i}`;
    consts.push((w) => w.code({
      stacksize: 1, flags: 3, filename: 'big.py', name, names: [], firstlineno: i + 1,
      code: [RESUME, 0, RETURN_CONST, 0], consts: [(x) => x.str(`the value returned by function number ${i}`)],
    }));
  }
  const m = new Marshal().code({ stacksize: 1, flags: 0, filename: 'big.py', name: '<module>', names: [], code: [RESUME, 0, RETURN_CONST, 0], consts }).done();
  const h = header312();
  const out = new Uint8Array(h.length + m.length);
  out.set(h);
  out.set(m, h.length);
  return out;
}

/** A realistic Python module of about `lines` lines (classes, functions, loops, comprehensions, try, with). */
export function realisticModule(lines = 300) {
  const out = [
    '"""Inventory management: a realistic module for timing the explorer."""',
    'from __future__ import annotations',
    '',
    'import json',
    'import math',
    'from dataclasses import dataclass, field',
    'from typing import Iterable, Iterator',
    '',
    'TAX_RATE = 0.2',
    'DEFAULT_LOCATIONS = ("north", "south", "east", "west")',
    '',
  ];
  const tail = [
    '',
    '',
    'def main() -> None:',
    '    report = {}',
    '    for location in DEFAULT_LOCATIONS:',
    '        items = load_0(f"{location}.json")',
    '        report[location] = summarize_0(items)',
    '        for line in restock_0(items):',
    '            print(location, line)',
    '    print(json.dumps(report, indent=2))',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
  ];
  const block = (n) => [
      '',
      '@dataclass',
      `class Item${n}:`,
      `    """An item of kind ${n}."""`,
      '    name: str',
      '    price: float',
      '    quantity: int = 0',
      '    tags: list[str] = field(default_factory=list)',
      '',
      '    def total(self) -> float:',
      '        return self.price * self.quantity * (1 + TAX_RATE)',
      '',
      '    def describe(self) -> str:',
      `        return f"{self.name} x{self.quantity} at {self.price:.2f} ({', '.join(self.tags) or 'untagged'})"`,
      '',
      '',
      `def load_${n}(path: str) -> list[Item${n}]:`,
      '    items = []',
      '    try:',
      '        with open(path) as f:',
      '            for row in json.load(f):',
      '                if row.get("skip"):',
      '                    continue',
      `                items.append(Item${n}(row["name"], float(row["price"]), int(row.get("quantity", 0))))`,
      '    except (OSError, ValueError) as e:',
      '        print("cannot load", path, e)',
      '    return items',
      '',
      '',
      `def summarize_${n}(items: Iterable[Item${n}]) -> dict[str, float]:`,
      '    totals = {item.name: item.total() for item in items if item.quantity > 0}',
      '    best = max(totals, key=totals.get, default=None)',
      '    spread = math.sqrt(sum((v - sum(totals.values()) / max(len(totals), 1)) ** 2 for v in totals.values()))',
      '    return {"count": len(totals), "best": best, "spread": spread}',
      '',
      '',
      `def restock_${n}(items: list[Item${n}], threshold: int = 5) -> Iterator[str]:`,
      '    for index, item in enumerate(items):',
      '        while item.quantity < threshold:',
      '            item.quantity += 1',
      '            if item.quantity % 2 == 0 and index not in (0, -1):',
      '                yield f"{item.name}: {item.quantity}"',
      '        else:',
      '            match item.tags:',
      '                case ["fragile", *rest]:',
      '                    yield f"careful with {item.name} ({len(rest)} more tags)"',
      '                case _:',
      '                    pass',
  ];
  for (let n = 0; out.length + block(n).length + tail.length <= lines; n++) out.push(...block(n));
  for (let k = 0; out.length + tail.length < lines; k++) out.push(`LIMIT_${k} = ${k} * 16 + len(DEFAULT_LOCATIONS)`);
  out.push(...tail);
  return out.join('\n') + '\n';
}
