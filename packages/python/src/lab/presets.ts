/**
 * Presets that teach: each is two or more variants of the same work, ready for compare mode, with what to look
 * at. Every static hint links to one of them as its measured example. Sizes are chosen so that one run takes a few
 * milliseconds in WebAssembly.
 */
import { PYTHON_VERSIONS } from '@bytescope/core';
import type { LabVariant } from './protocol.js';

/** Identifier of a preset. */
export type LabPresetId =
  | 'faster-in-function' | 'local-alias' | 'comprehension' | 'set-vs-list' | 'f-string' | 'string-join'
  | 'hoist-attribute';

/** A compare-mode example. */
export interface LabPreset {
  readonly id: LabPresetId;
  readonly title: string;
  /** What the variants do and what to look at (counts, ratio), in a few sentences. */
  readonly description: string;
  readonly variants: readonly LabVariant[];
  /** The variant expected to be fastest. */
  readonly fastest: string;
  /**
   * Versions where the effect is large enough to teach (measured ratio above 1.1 in WebAssembly); elsewhere the
   * preset still runs and shows how newer interpreters narrowed the gap.
   */
  readonly versions: readonly string[];
  /** Timing settings that keep the comparison quick but stable. */
  readonly repeat: number;
  readonly targetMs: number;
}

/** Every preset, by id. */
export const PRESETS: Readonly<Record<LabPresetId, LabPreset>> = {
  'faster-in-function': {
    id: 'faster-in-function',
    title: 'Faster in a function',
    description:
      'The same loop at module level and inside a function. At module level every variable is a key in the globals ' +
      'dict: LOAD_NAME/STORE_NAME hash and probe a dictionary on each use. In a function, locals live in an array ' +
      'slot: LOAD_FAST/STORE_FAST index it directly. Run with counts: the module variant has about two LOAD_NAME ' +
      'and two STORE_NAME per iteration and no *_FAST at all; the function variant the reverse. Typically 1.5–3× ' +
      'faster in a function.',
    variants: [
      { name: 'module level', source: 'total = 0\nfor i in range(20000):\n    total += i\n' },
      {
        name: 'in a function',
        source: 'def main():\n    total = 0\n    for i in range(20000):\n        total += i\n    return total\n\nmain()\n',
      },
    ],
    fastest: 'in a function',
    versions: PYTHON_VERSIONS,
    repeat: 15,
    targetMs: 4,
  },
  'local-alias': {
    id: 'local-alias',
    title: 'Local alias of a global',
    description:
      'A module attribute read through a global in a hot loop (LOAD_GLOBAL math + LOAD_ATTR pi each iteration) ' +
      'against a local alias taken once before the loop (LOAD_FAST). In 3.10 each global lookup is a dictionary ' +
      'search and the alias is about 1.3–1.5× faster. From 3.11 the specializing interpreter caches both lookups ' +
      '(LOAD_GLOBAL_MODULE, LOAD_ATTR_MODULE), so the gain shrinks to a few percent: compare the versions.',
    variants: [
      {
        name: 'global in the loop',
        source: 'import math\n\ndef main(n):\n    total = 0.0\n    for i in range(n):\n        total += math.pi\n    return total\n\nmain(20000)\n',
      },
      {
        name: 'local alias',
        source: 'import math\n\ndef main(n):\n    pi = math.pi\n    total = 0.0\n    for i in range(n):\n        total += pi\n    return total\n\nmain(20000)\n',
      },
    ],
    fastest: 'local alias',
    versions: ['3.10'],
    repeat: 15,
    targetMs: 4,
  },
  comprehension: {
    id: 'comprehension',
    title: 'Comprehension vs append loop',
    description:
      'Building a list with a for loop and out.append(i) against a list comprehension. The loop looks up the ' +
      'append method and calls it every iteration; the comprehension uses one LIST_APPEND instruction. In 3.10 ' +
      'the comprehension is about 2× faster; from 3.11 the call is specialized (PRECALL_NO_KW_LIST_APPEND in 3.11, ' +
      'CALL_NO_KW_LIST_APPEND in 3.12, CALL_LIST_APPEND from 3.13) and the gap is much smaller. Compare the ' +
      'instruction counts too.',
    variants: [
      {
        name: 'append loop',
        source: 'def main(n):\n    out = []\n    for i in range(n):\n        out.append(i)\n    return out\n\nmain(20000)\n',
      },
      { name: 'comprehension', source: 'def main(n):\n    return [i for i in range(n)]\n\nmain(20000)\n' },
    ],
    fastest: 'comprehension',
    versions: ['3.10'],
    repeat: 15,
    targetMs: 4,
  },
  'set-vs-list': {
    id: 'set-vs-list',
    title: '`x in set` vs `x in list`',
    description:
      'Membership tests against a list scan it element by element (CONTAINS_OP compares up to 200 items here); a ' +
      'set hashes once. The instruction counts are identical: the difference is all inside CONTAINS_OP, which is ' +
      'why counting instructions is not the same as measuring. Tens of times faster with a set.',
    variants: [
      {
        name: 'x in list',
        source: 'def main():\n    allowed = list(range(0, 400, 2))\n    hits = 0\n    for q in range(400):\n        if q in allowed:\n            hits += 1\n    return hits\n\nmain()\n',
      },
      {
        name: 'x in set',
        source: 'def main():\n    allowed = set(range(0, 400, 2))\n    hits = 0\n    for q in range(400):\n        if q in allowed:\n            hits += 1\n    return hits\n\nmain()\n',
      },
    ],
    fastest: 'x in set',
    versions: PYTHON_VERSIONS,
    repeat: 7,
    targetMs: 3,
  },
  'f-string': {
    id: 'f-string',
    title: 'f-string vs `%` vs `str.format`',
    description:
      "Formatting the same string three ways. The f-string compiles to FORMAT_VALUE (up to 3.12) or FORMAT_SIMPLE " +
      '(from 3.13) and BUILD_STRING, ' +
      "with no method lookup and no call; '%' calls the str % operator (BINARY_OP %), which parses the format at run " +
      'time; str.format looks up a method and calls it. The f-string is usually fastest, str.format slowest.',
    variants: [
      {
        name: '% formatting',
        source: "def main(n):\n    out = None\n    for i in range(n):\n        out = 'item %s: %d' % ('x', i)\n    return out\n\nmain(5000)\n",
      },
      {
        name: 'str.format',
        source: "def main(n):\n    out = None\n    for i in range(n):\n        out = 'item {}: {}'.format('x', i)\n    return out\n\nmain(5000)\n",
      },
      {
        name: 'f-string',
        source: "def main(n):\n    out = None\n    for i in range(n):\n        out = f'item {\"x\"}: {i}'\n    return out\n\nmain(5000)\n",
      },
    ],
    fastest: 'f-string',
    versions: PYTHON_VERSIONS,
    repeat: 9,
    targetMs: 4,
  },
  'string-join': {
    id: 'string-join',
    title: 'String += in a loop vs join',
    description:
      "Building a string piece by piece. `s += piece` on a local is helped by a CPython trick (when nothing else " +
      'refers to the string it is resized in place: BINARY_OP_INPLACE_ADD_UNICODE from 3.11), yet it is still slower ' +
      "than ''.join. On an attribute (self.s += piece), an item, a global or a module-level name the trick does " +
      'not apply, in 3.10 as in later versions: every += copies the whole string, which is quadratic. join is ' +
      'several times faster there.',
    variants: [
      {
        name: 's += piece (local)',
        source: "def main(n):\n    s = ''\n    for i in range(n):\n        s += 'abcdefghij'\n    return s\n\nmain(5000)\n",
      },
      {
        name: 'self.s += piece',
        source: "class Builder:\n    def __init__(self):\n        self.s = ''\n\n    def run(self, n):\n        for i in range(n):\n            self.s += 'abcdefghij'\n        return self.s\n\nBuilder().run(5000)\n",
      },
      {
        name: "''.join",
        source: "def main(n):\n    return ''.join(['abcdefghij' for i in range(n)])\n\nmain(5000)\n",
      },
    ],
    fastest: "''.join",
    versions: PYTHON_VERSIONS,
    repeat: 9,
    targetMs: 4,
  },
  'hoist-attribute': {
    id: 'hoist-attribute',
    title: 'Attribute lookups repeated in a loop',
    description:
      'Reading self.scale on every iteration against reading it once before the loop. When the attribute is a ' +
      'property each read calls a Python function (at best through LOAD_ATTR_PROPERTY from 3.12, which pushes ' +
      "the getter's frame without a C call); a plain instance attribute is " +
      'cheap from 3.11 (LOAD_ATTR_INSTANCE_VALUE) but still more work than LOAD_FAST, and in 3.10 it is a dictionary ' +
      'lookup. If the value cannot change in the loop, hoist it.',
    variants: [
      {
        name: 'property read in the loop',
        source: 'class Job:\n    def __init__(self):\n        self._scale = 3\n\n    @property\n    def scale(self):\n        return self._scale\n\n    def run(self, n):\n        total = 0\n        for i in range(n):\n            total += self.scale\n        return total\n\nJob().run(10000)\n',
      },
      {
        name: 'attribute read in the loop',
        source: 'class Job:\n    def __init__(self):\n        self.scale = 3\n\n    def run(self, n):\n        total = 0\n        for i in range(n):\n            total += self.scale\n        return total\n\nJob().run(10000)\n',
      },
      {
        name: 'read once before the loop',
        source: 'class Job:\n    def __init__(self):\n        self._scale = 3\n\n    @property\n    def scale(self):\n        return self._scale\n\n    def run(self, n):\n        scale = self.scale\n        total = 0\n        for i in range(n):\n            total += scale\n        return total\n\nJob().run(10000)\n',
      },
    ],
    fastest: 'read once before the loop',
    versions: PYTHON_VERSIONS,
    repeat: 11,
    targetMs: 4,
  },
};

/** Every preset id, in the order a menu shows them. */
export const PRESET_IDS: readonly LabPresetId[] = [
  'faster-in-function', 'local-alias', 'comprehension', 'set-vs-list', 'f-string', 'string-join', 'hoist-attribute',
];

/** True when `id` names a preset. */
export function isPresetId(id: string): id is LabPresetId {
  return (PRESET_IDS as readonly string[]).includes(id);
}
