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
 * Parses a command line strictly. A malformed one (unknown option, missing value…) is a {@link UsageError} in
 * Bytescope's words, naming the option and where its help is (`command`: `dis`…).
 */
export function parseOptions<const O extends OptionsConfig>(args: string[], options: O, command?: string): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(usageMessage(e, command));
  }
}

/** One line for a `parseArgs` failure (its own message quotes the option, with advice about `--`). */
function usageMessage(e: unknown, command: string | undefined): string {
  const see = `see bytescope ${command !== undefined ? command + ' ' : ''}--help`;
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : String(e);
  // parseArgs names the option as typed ('--foo', '-x') or as declared ('-c, --command <value>'): take its last name.
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = quoted.split(/,\s*/).pop()!.replace(/\s*<value>$/, '');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} (${see}; a file named with a leading '-' goes after --)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(message) ? `${option} needs a value (${see})` : `${option} takes no value (${see})`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${quoted} (${see})`;
  return `${message.split('\n')[0]!} (${see})`;
}

/** Runs a command (`name`: its name, for messages) with the arguments after its name: `--help` prints its help (exit 0), anything else goes to its handler. */
export async function execute(command: Command, args: string[], io: Io, name?: string): Promise<number> {
  const parsed = parseOptions(args, { ...command.options, ...HELP_OPTION }, name);
  if (parsed.values.help === true) {
    io.out(typeof command.help === 'string' ? command.help : await command.help());
    return EXIT_OK;
  }
  return command.handler(parsed, io);
}
