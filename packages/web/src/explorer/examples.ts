/**
 * Example programs: the explorer's Examples menu and the tour's chapters (tour/chapters.ts) load them into the
 * editor. Each one compiles in every version 3.10–3.15 (the tour's browser test compiles those it uses in each).
 */

/** One example. */
export interface Example {
  readonly id: string;
  /** What the menu says. */
  readonly title: string;
  readonly source: string;
}

/** The example the explorer opens with (also compiled at build time for the first listing: scripts/make-first-listings.js). */
export const DEFAULT_EXAMPLE_ID = 'loop';

/** Every example, in the menu's order. */
export const EXAMPLES: readonly Example[] = [
  {
    id: 'loop',
    title: 'A loop, at module level and in a function',
    source: `# The classic: the same loop runs faster inside a function.
# At module level, i and total are dict entries (LOAD_NAME / STORE_NAME);
# inside a function they are array slots (LOAD_FAST / STORE_FAST).
total = 0
for i in range(1000):
    total += i

def compute():
    total = 0
    for i in range(1000):
        total += i
    return total
`,
  },
  {
    id: 'greet',
    title: 'A function: constants, names, locals',
    source: `def greet(name):
    message = "Hello, " + name
    return message
`,
  },
  {
    id: 'module',
    title: 'A module statement and a call',
    source: `greeting = "hello"
print(greeting)
`,
  },
  {
    id: 'branch',
    title: 'A branch: compare and jump',
    source: `def absolute(x):
    if x < 0:
        return -x
    return x
`,
  },
  {
    id: 'stack',
    title: 'The value stack: operands, a call',
    source: `def total(price, count):
    return price * count

print(total(3, 4))
`,
  },
  {
    id: 'comprehension',
    title: 'A list comprehension (inlined since 3.12)',
    source: `squares = [n * n for n in range(10)]
`,
  },
  {
    id: 'closure',
    title: 'A closure: cells and free variables',
    source: `def counter():
    count = 0
    def increment():
        nonlocal count
        count += 1
        return count
    return increment
`,
  },
  {
    id: 'class',
    title: 'A class with a method and a property',
    source: `class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
`,
  },
  {
    id: 'generator',
    title: 'A generator',
    source: `def countdown(n):
    while n > 0:
        yield n
        n -= 1
`,
  },
  {
    id: 'exceptions',
    title: 'try / except / finally',
    source: `def parse(text):
    try:
        return int(text)
    except ValueError as e:
        print("not a number:", e)
        return None
    finally:
        print("done")
`,
  },
  {
    id: 'with',
    title: 'A with statement',
    source: `def first_line(path):
    with open(path) as f:
        return f.readline()
`,
  },
  {
    id: 'async',
    title: 'async / await',
    source: `import asyncio

async def fetch(delay):
    await asyncio.sleep(delay)
    return delay

async def main():
    return await asyncio.gather(fetch(1), fetch(2))
`,
  },
  {
    id: 'match',
    title: 'Structural pattern matching',
    source: `def describe(point):
    match point:
        case (0, 0):
            return "origin"
        case (x, 0):
            return f"on the x axis at {x}"
        case {"x": x, "y": y}:
            return f"at {x}, {y}"
        case _:
            return "somewhere else"
`,
  },
  {
    id: 'fstring',
    title: 'f-strings and formatting',
    source: `def label(name, price):
    return f"{name!r}: {price:.2f} EUR"
`,
  },
];

/** The example with this id (throws for an unknown one: the ids are the code's own). */
export function example(id: string): Example {
  const e = EXAMPLES.find((x) => x.id === id);
  if (!e) throw new Error(`no example ${id}`);
  return e;
}
