/** The command line: parse options, run, report, and choose the exit status. */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TargetError } from './actors.ts';
import { ConfigError, loadConfig } from './config.ts';
import { REPORTERS, isReporterName, progressLine } from './reporters/index.ts';
import { exitCode, runConformance } from './runner.ts';

export const USAGE = `usage: salon-chat-conformance --config target.json [--reporter spec|json|junit|tap]
                              [--output FILE] [--grep TEXT] [--bail]
                              [--timeout-scale N] [--concurrency N]

Exit status: 0 every required scenario passed; 1 a required scenario failed;
2 invalid arguments or config, or the target cannot be reached.`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

class UsageError extends Error {}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got "${value}"`);
  return n;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        reporter: { type: 'string', default: 'spec' },
        output: { type: 'string' },
        grep: { type: 'string' },
        bail: { type: 'boolean', default: false },
        'timeout-scale': { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs the command with `argv` (without node and script); resolves to the exit status. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const options = parse(argv);
    if (options.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (!options.config) throw new UsageError('--config is required');
    const reporter = options.reporter!;
    if (!isReporterName(reporter)) throw new UsageError(`--reporter must be spec, json, junit or tap, got "${reporter}"`);
    const timeoutScale = positive('timeout-scale', options['timeout-scale'], 1);
    const concurrency = Math.floor(positive('concurrency', options.concurrency, 4));
    const config = await loadConfig(options.config);
    const progressTo = reporter === 'spec' && !options.output ? io.stdout : io.stderr;
    let done = 0;
    let total = 0;
    const report = await runConformance(config, {
      grep: options.grep,
      bail: options.bail,
      timeoutScale,
      concurrency,
      onStart: (count) => {
        total = count;
        progressTo(`salon-chat-conformance: ${count} scenarios against ${config.baseUrl}\n`);
      },
      onResult: (result) => progressTo(`${progressLine(result, ++done, total)}\n`),
    });
    const rendered = REPORTERS[reporter](report);
    if (options.output) {
      await writeFile(options.output, rendered);
      progressTo(REPORTERS.spec(report));
    } else {
      io.stdout(rendered);
    }
    return exitCode(report);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`salon-chat-conformance: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof TargetError) {
      io.stderr(`salon-chat-conformance: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
