/**
 * The `complaints` command line, built with commander: one sub-command per task, global
 * `--lang`, `--debug` and `--no-progress`. {@link runCli} runs it in-process with injected
 * streams and returns the exit code, so tests need no child process for most checks.
 */
import { Command, CommanderError, Help, Option } from 'commander';
import { version } from '../../package.json';
import { type CliContext, isUnexpected, toCliError } from './context';
import { complianceReportCommand } from './commands/complianceReport';
import { demoCommand } from './commands/demo';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { recurringReportCommand, slaReportCommand } from './commands/report';
import { replayCommand } from './commands/replay';
import { retentionCommand } from './commands/retention';
import { verifyCommand } from './commands/verify';
import { watchCommand } from './commands/watch';
import { defaultPolicy } from '../index';
import { EXIT } from './errors';
import { retentionMessagesFor } from './retentionMessages';
import { signatureMessagesFor } from './signatureMessages';
import type { CliIo, CliStream } from './io';
import { terminalSafe } from './terminalText';
import { type Lang, LANGS, type Messages, langFromEnv, messagesFor } from './messages';

/**
 * The language of a run: `--lang` when given (and valid), else from the environment
 * ({@link langFromEnv}). Read before parsing so that help texts are in that language too.
 */
export const langOf = (argv: readonly string[], env: CliIo['env']): Lang => {
  for (const [i, a] of argv.entries()) {
    if (a === '--') break;
    const value = a.startsWith('--lang=') ? a.slice('--lang='.length) : a === '--lang' ? argv[i + 1] : undefined;
    const lang = LANGS.find((l) => l === value);
    if (lang !== undefined) return lang;
  }
  return langFromEnv(env);
};

const quoted = (message: string): string => /'([^']*)'/.exec(message)?.[1] ?? message;

/** Commander's own errors, in one sentence of the run's language. */
const usageMessage = (e: CommanderError, m: Messages): string => {
  switch (e.code) {
    case 'commander.unknownOption':
      return m.errors.unknownOption(quoted(e.message));
    case 'commander.unknownCommand':
      return m.errors.unknownCommand(quoted(e.message));
    case 'commander.missingArgument':
      return m.errors.missingArgument(quoted(e.message));
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue':
      return m.errors.missingOptionValue(quoted(e.message).split(' ')[0] ?? '');
    case 'commander.excessArguments':
      return m.errors.tooManyArguments(quoted(e.message));
    case 'commander.invalidArgument': {
      const option = quoted(e.message).split(' ')[0] ?? '';
      const value = /argument '([^']*)' is invalid/.exec(e.message)?.[1] ?? '';
      const choices = /Allowed choices are (.*)\.$/.exec(e.message)?.[1]?.split(', ') ?? [];
      return m.errors.badChoice(value, option, choices);
    }
    default: {
      const text = e.message.replace(/^error: /, '');
      return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
    }
  }
};

const translateHelp = (text: string, m: Messages): string =>
  text
    .replace(/^Usage:/m, m.help.usage)
    .replace(/^Arguments:$/m, m.help.arguments)
    .replace(/^Options:$/m, m.help.options)
    .replace(/^Commands:$/m, m.help.commands)
    .replace(/\(choices:/g, m === messagesFor('fr') ? '(valeurs :' : '(choices:')
    .replace(/\(default:/g, m === messagesFor('fr') ? '(défaut :' : '(default:');

/** What a command's action hands back: the exit code (0 unless said otherwise). */
type Outcome = number | void;

/**
 * Builds the program for one run. `done` receives each action's exit code. Exported for
 * tests and docs generation; {@link runCli} is the usual entry.
 */
export const buildProgram = (ctx: CliContext, done: (code: number) => void): Command => {
  const { m, io } = ctx;
  const sm = signatureMessagesFor(ctx.lang);
  const rm = retentionMessagesFor(ctx.lang);
  const run =
    <A extends unknown[]>(action: (...args: A) => Promise<Outcome>) =>
    async (...args: A): Promise<void> => {
      const code = await action(...args);
      done(typeof code === 'number' ? code : EXIT.ok);
    };
  const format = (choices: readonly string[], defaultValue: string): Option =>
    new Option('--format <format>', `${m.options.format} (${defaultValue}, ${choices.filter((c) => c !== defaultValue).join(', ')})`);
  const out = (): Option => new Option('-o, --out <file>', m.options.out);
  const source = (command: Command): Command =>
    command.option('-s, --store <connectionString>', m.options.store).option('-f, --file <export>', m.options.file);

  const program = new Command('complaints')
    .description(m.program)
    .version(version, '-V, --version', m.options.version)
    .helpOption('-h, --help', m.options.help)
    .helpCommand('help [command]', m.commands.help)
    .addOption(new Option('--lang <lang>', m.options.lang).choices(LANGS))
    .option('--debug', m.options.debug)
    .option('--no-progress', m.options.progress)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: () => undefined,
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .configureHelp({ formatHelp: (cmd, helper) => translateHelp(Help.prototype.formatHelp.call(helper, cmd, helper), m) });

  source(program.command('replay').description(m.commands.replay).argument('<complaintId>', m.commands.replayId))
    .option('--as-of <instant>', m.commands.asOf)
    .addOption(format(['text', 'json'], 'text'))
    .addOption(out())
    .action(run((id: string, o: Parameters<typeof replayCommand>[2]) => replayCommand(ctx, id, o)));

  source(program.command('export').description(m.commands.export))
    .option('--ids <ids...>', m.commands.ids)
    .option('--all', m.commands.all)
    .option('--sign <privateKey>', sm.sign)
    .addOption(out())
    .action(run((o: Parameters<typeof exportCommand>[1]) => exportCommand(ctx, o)));

  program
    .command('verify')
    .description(m.commands.verify)
    .argument('<file>', m.commands.verifyFile)
    .option('--head <hash>', m.commands.head)
    .option('--public-key <publicKey...>', sm.publicKey)
    .action(run((file: string, o: Parameters<typeof verifyCommand>[2]) => verifyCommand(ctx, file, o)));

  program
    .command('import')
    .description(m.commands.import)
    .argument('<file>', m.commands.importFile)
    .option('-s, --store <connectionString>', m.options.store)
    .option('--public-key <publicKey...>', sm.publicKey)
    .option('--head <hash>', m.commands.head)
    .option('--policy <file...>', m.commands.importPolicy)
    .action(run((file: string, o: Parameters<typeof importCommand>[2]) => importCommand(ctx, file, o)));

  const report = program.command('report').description(m.commands.report);
  source(report.command('sla').description(m.commands.sla))
    .option('--at <instant>', m.commands.slaAt)
    .option('--horizon <days>', `${m.commands.horizon} (${defaultPolicy.warningHorizonDays}d)`)
    .option('--skip-unreadable', m.commands.skipUnreadable)
    .addOption(format(['table', 'csv', 'json'], 'table'))
    .addOption(out())
    .action(run((o: Parameters<typeof slaReportCommand>[1]) => slaReportCommand(ctx, o)));
  source(report.command('recurring').description(m.commands.recurring))
    .option('--from <date>', m.commands.from)
    .option('--to <date>', m.commands.to)
    .addOption(new Option('--by <dimension>', `${m.commands.by} (category)`).choices(['category', 'product', 'reported-problem', 'root-cause', 'channel']))
    .addOption(new Option('--period <period>', `${m.commands.period} (month)`).choices(['month', 'week']))
    .addOption(new Option('--view <view>', `${m.commands.view} (pareto)`).choices(['pareto', 'periods']))
    .option('--skip-unreadable', m.commands.skipUnreadable)
    .addOption(format(['table', 'csv', 'json'], 'table'))
    .addOption(out())
    .action(run((o: Parameters<typeof recurringReportCommand>[1]) => recurringReportCommand(ctx, o)));

  source(report.command('compliance').description(rm.compliance))
    .option('--from <date>', m.commands.from)
    .option('--to <date>', m.commands.to)
    .option('--at <instant>', rm.complianceAt)
    .addOption(new Option('--by <dimension>', `${m.commands.by} (reported-problem)`).choices(['reported-problem', 'category', 'product', 'root-cause', 'channel']))
    .option('--skip-unreadable', m.commands.skipUnreadable)
    .addOption(format(['table', 'json', 'html'], 'table'))
    .addOption(out())
    .action(run((o: Parameters<typeof complianceReportCommand>[1]) => complianceReportCommand(ctx, o)));

  source(program.command('watch-deadlines').description(m.commands.watch))
    .option('--at <instant>', m.commands.watchAt)
    .option('--skip-unreadable', m.commands.skipUnreadable)
    .addOption(format(['table', 'json'], 'table'))
    .addOption(new Option('-o, --out <file>', m.commands.watchOut))
    .action(run((o: Parameters<typeof watchCommand>[1]) => watchCommand(ctx, o)));

  source(program.command('retention').description(rm.command))
    .option('--dry-run', rm.dryRun)
    .option('--apply', rm.apply)
    .option('--at <instant>', rm.at)
    .option('--years <years>', rm.years)
    .option('--key-store <module>', rm.keyStore)
    .addOption(format(['table', 'json'], 'table'))
    .addOption(out())
    .action(run((o: Parameters<typeof retentionCommand>[1]) => retentionCommand(ctx, o)));

  program
    .command('demo')
    .description(m.commands.demo)
    .requiredOption('-o, --out <file>', m.commands.demoOut)
    .action(run((o: Parameters<typeof demoCommand>[1]) => demoCommand(ctx, o)));

  return program;
};

/** A stream that writes {@link terminalSafe} text to `stream`. */
const escapingStream = (stream: CliStream): CliStream => ({
  write: (text: string) => stream.write(terminalSafe(text)),
  get isTTY() {
    return stream.isTTY === true;
  },
  get columns() {
    return stream.columns ?? 100;
  },
});

/**
 * Runs the command line on `argv` (the arguments after the program name) and returns the
 * exit code. Never throws: every failure is one sentence on stderr (and the stack with
 * `--debug`).
 */
export const runCli = async (argv: readonly string[], given: CliIo): Promise<number> => {
  const lang = langOf(argv, given.env);
  const m = messagesFor(lang);
  const debug = argv.includes('--debug');
  // Whatever reaches the terminal — timelines, tables, messages quoting a file or a store —
  // has its control characters escaped; progress bars draw on the raw stream.
  const io: CliIo = { ...given, stdout: escapingStream(given.stdout), stderr: escapingStream(given.stderr) };
  const ctx: CliContext = { io, lang, m, showProgress: !argv.includes('--no-progress'), progressStream: given.stderr };
  let exitCode: number = EXIT.ok;
  const program = buildProgram(ctx, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return e.exitCode;
      // A command with sub-commands called without one: its help went to stderr.
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
      io.stderr.write(`${usageMessage(e, m)}\n`);
      return EXIT.usage;
    }
    const error = toCliError(ctx, e);
    io.stderr.write(`${error.message}\n`);
    if (debug) {
      // The whole chain: the library's error, then what it was caused by (e.g. the gRPC status).
      let cause: unknown = error.cause ?? error;
      for (let depth = 0; cause !== undefined && depth < 5; depth++) {
        io.stderr.write(`${depth === 0 ? '' : 'Caused by: '}${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
        cause = cause instanceof Error ? cause.cause : undefined;
      }
    } else if (isUnexpected(e)) io.stderr.write(`${m.errors.seeDebug}\n`);
    return error.exitCode;
  }
};
