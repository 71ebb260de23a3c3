// Test fixtures for the web explorer: hand-built `.pyc` files (no Python needed) and a realistic module.
import { assemblePyc, makeCode } from '@bytescope/core/testkit';

export const XSS_CONST = '<img src=x onerror=alert(1)>';
export const XSS_NAME = '<svg onload=alert(2)>';
export const XSS_FUNC = '<img src=y onerror=alert(3)>';
export const XSS_FILE = '<script>alert(4)</script>';

/**
 * A CPython 3.12 `.pyc` whose constants, names, function name and file name are HTML: the module
 * `<svg…> = '<img…>'; def <img…>(): pass` as a hand-built code object.
 */
export function xssPyc() {
  const none = { type: 'None' };
  const func = makeCode('3.12', {
    ops: [['RESUME', 0], ['RETURN_CONST', 0]], consts: [none], stacksize: 0, flags: 3, filename: XSS_FILE, name: XSS_FUNC,
  });
  const module = makeCode('3.12', {
    ops: [['RESUME', 0], ['LOAD_CONST', 0], ['STORE_NAME', 0], ['LOAD_CONST', 1], ['MAKE_FUNCTION', 0], ['STORE_NAME', 1], ['RETURN_CONST', 2]],
    consts: [{ type: 'str', value: XSS_CONST }, { type: 'code', code: func }, none],
    names: [XSS_NAME, XSS_FUNC], stacksize: 1, filename: XSS_FILE,
  });
  return assemblePyc('3.12', module, { mtime: 1700000000, sourceSize: 123 });
}

/**
 * A large CPython 3.12 `.pyc` (about 140 bytes a function): a module whose constants are `functions` small functions,
 * each returning a string constant of its own. Built by hand: no Python needed.
 */
export function bigPyc(functions = 1500) {
  const none = { type: 'None' };
  const consts = [none];
  for (let i = 0; i < functions; i++) {
    const code = makeCode('3.12', {
      ops: [['RESUME', 0], ['RETURN_CONST', 0]], consts: [{ type: 'str', value: `the value returned by function number ${i}` }],
      stacksize: 1, flags: 3, filename: 'big.py', name: `function_number_${i}`, firstlineno: i + 1,
    });
    consts.push({ type: 'code', code });
  }
  const module = makeCode('3.12', { ops: [['RESUME', 0], ['RETURN_CONST', 0]], consts, stacksize: 1, filename: 'big.py' });
  return assemblePyc('3.12', module);
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
