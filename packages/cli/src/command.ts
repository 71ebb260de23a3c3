/**
 * What a command is: its options, its help text and its handler, as data. Command modules export
 * {@link CommandDefinition}s and import nothing else from here at run time, so that a command loaded on demand
 * shares no code with the start-up module; the command table (commands.ts) names them and main.ts runs them
 * with {@link execute}.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_OK, UsageError } from './errors.js';
import type { Io } from './io.js';

/** The options of a command, as `node:util` `parseArgs` takes them. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What `parseArgs` makes of a command line with options `O` (strict, positionals allowed). */
export type Parsed<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** A command: its options (besides `-h, --help`, which every command has), its help text, and its handler. */
export interface CommandDefinition<O extends OptionsConfig> {
  readonly options: O;
  /** The text of `--help`; a function when some of it is known only by loading more (the lab's presets). */
  readonly help: string | (() => Promise<string>);
  /**
   * Runs the command with its parsed arguments (never for `--help`); returns the exit code. Failures are thrown
   * (UsageError, InputError, BytescopeError) and become one line on stderr.
   */
  handler(args: Parsed<O>, io: Io): number | Promise<number>;
}

/**
 * A command of any options, as the command table holds it. (A definition with its own options is one: `handler`
 * is a method, whose parameter TypeScript compares both ways; {@link execute} parses a command line with the
 * command's own options, so its handler gets the values it declares.)
 */
export type Command = CommandDefinition<OptionsConfig>;

/** `-h, --help`. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses a command line strictly. A malformed one (unknown option, missing value…) is a {@link UsageError} with
 * the first line of `parseArgs`'s message.
 */
export function parseOptions<const O extends OptionsConfig>(args: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

/** Runs a command with the arguments after its name: `--help` prints its help (exit 0), anything else goes to its handler. */
export async function execute(command: Command, args: string[], io: Io): Promise<number> {
  const parsed = parseOptions(args, { ...command.options, ...HELP_OPTION });
  if (parsed.values.help === true) {
    io.out(typeof command.help === 'string' ? command.help : await command.help());
    return EXIT_OK;
  }
  return command.handler(parsed, io);
}
