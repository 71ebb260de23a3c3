/**
 * The options every command that runs user code shares (`run`, `specialize`, `compare`, and any later one such as
 * `trace`): where it runs (`--python X.Y`, an embedded runtime, or `--python-exe PATH`, a native CPython 3.10+),
 * how long it may run (`--timeout MS`, default {@link CLI_LAB_TIMEOUT_MS}), `--json`; their help lines; and how a
 * stop reads. A command spreads {@link LAB_RUN_OPTIONS} into its options and calls {@link labRunTarget}.
 */
import { DEFAULT_PYTHON_VERSION, type PythonVersion } from '@bytescope/core';
import { UsageError } from '../errors.js';
import { intOption, versionOption } from '../options.js';

/** Milliseconds a program may run from the CLI unless `--timeout` says otherwise (a terminal has Ctrl-C too). */
export const CLI_LAB_TIMEOUT_MS = 30_000;

/** The options of every command that runs user code. */
export const LAB_RUN_OPTIONS = {
  json: { type: 'boolean' },
  python: { type: 'string' },
  'python-exe': { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Their lines in a command's help. */
export const LAB_RUN_HELP = `  --python X.Y       the embedded CPython to run in (default ${DEFAULT_PYTHON_VERSION}, WebAssembly)
  --python-exe PATH  run in this native CPython 3.10+ instead (its exact version is reported)
  --timeout MS       stop the program after MS milliseconds (default ${CLI_LAB_TIMEOUT_MS}); what it printed
                     and the counts so far are kept, marked partial
  --json             JSON output`;

/** Parsed values of {@link LAB_RUN_OPTIONS}. */
export interface LabRunValues {
  json?: boolean;
  python?: string;
  'python-exe'?: string;
  timeout?: string;
}

/** Where and how long: what the lab's one-call helpers take. */
export interface LabRunTarget {
  version: PythonVersion;
  pythonExe?: string;
  timeoutMs: number;
}

/** The checked values of the shared options. */
export function labRunTarget(values: LabRunValues): LabRunTarget {
  const exe = values['python-exe'];
  if (exe !== undefined && values.python !== undefined) throw new UsageError('give --python or --python-exe, not both');
  if (exe === '') throw new UsageError('--python-exe needs a path');
  return {
    version: versionOption('--python', values.python),
    ...(exe !== undefined ? { pythonExe: exe } : {}),
    timeoutMs: intOption(values.timeout, '--timeout', 1) ?? CLI_LAB_TIMEOUT_MS,
  };
}

/** What the JSON output says about the interpreter: `{ version, runtime, python_exe? }`. */
export function runtimeJson(target: LabRunTarget, fullVersion: string): Record<string, string> {
  return target.pythonExe !== undefined
    ? { version: fullVersion, runtime: 'native', python_exe: target.pythonExe }
    : { version: fullVersion, runtime: 'embedded (WebAssembly)' };
}

/** The interpreter in words: `CPython 3.14.2` or `CPython 3.12.1 (native: /usr/bin/python3)`. */
export function runtimeText(target: LabRunTarget, fullVersion: string): string {
  return `CPython ${fullVersion}${target.pythonExe !== undefined ? ` (native: ${target.pythonExe})` : ''}`;
}

/** What to do about a stop by the time limit. */
export function raiseAdvice(target: LabRunTarget): string {
  return `raise the limit with --timeout MS (it was ${target.timeoutMs})`;
}
