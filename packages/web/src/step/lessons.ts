/**
 * The stepper's lessons: programs stepped side by side, each column its own trace, so that the difference the talk
 * is about can be watched instruction by instruction. Data only; step/tab.ts shows them.
 */

/** One column of a lesson: a program, and optionally the call traced after its module body ran. */
export interface LessonColumn {
  readonly title: string;
  readonly source: string;
  /** An expression traced after the module ran (the module body itself is then not traced). */
  readonly call?: string;
  /** What to watch in this column. */
  readonly note: string;
}

/** A lesson: two columns stepped together. */
export interface Lesson {
  readonly id: string;
  readonly title: string;
  /** What the lesson shows, in a sentence or two. */
  readonly intro: string;
  readonly columns: readonly [LessonColumn, LessonColumn];
}

/** The lessons, the first being the default. */
export const LESSONS: readonly Lesson[] = [
  {
    id: 'module-vs-function',
    title: 'The same loop at module level and in a function',
    intro: 'Step both by line: the loops are the same source, but at module level every variable is a name in a dict '
      + '(LOAD_NAME, STORE_NAME: a hash lookup each time), while in a function it is a numbered slot of the frame '
      + '(LOAD_FAST, STORE_FAST: an array index). That is why code runs faster in a function.',
    columns: [
      {
        title: 'Module level',
        source: 'total = 0\nfor i in range(3):\n    total = total + i\nprint(total)\n',
        note: 'total and i are keys of the module’s namespace dict; range and print are found only after missing in the globals.',
      },
      {
        title: 'In a function',
        source: 'def run():\n    total = 0\n    for i in range(3):\n        total = total + i\n    print(total)\n',
        call: 'run()',
        note: 'total and i are slots 0 and 1 of the frame’s fixed locals array: no names are looked up for them.',
      },
    ],
  },
];

/** The lesson of `id`, or undefined. */
export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
