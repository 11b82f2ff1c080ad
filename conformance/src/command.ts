/** The command line: parse options, run, report, and choose the exit status. */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { TargetError } from './actors.ts';
import { ConfigError, loadConfig } from './config.ts';
import { REPORTERS, isReporterName, progressLine } from './reporters/index.ts';
import { renderInventory } from './inventory.ts';
import { exitCode, runConformance, selectScenarios } from './runner.ts';
import { SCENARIOS } from './scenarios/index.ts';

/** This package's version. */
export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const USAGE = `usage: salon-chat-conformance --config target.json [options]
       salon-chat-conformance --list | --version | --help

Certifies a server against the salon-chat protocol (chat guide + decisions).

  --config FILE         the target: baseUrl, staff, customers, ... (see the README)
  --reporter NAME       spec (default: progress and readable failures), json, junit or tap
  --output FILE         write the report there; progress and the verdict go to stderr
  --grep TEXT           run only scenarios whose id or title contains TEXT
  --exclude TEXT        leave out scenarios whose id or title contains TEXT
  --bail                start no scenario after the first failure
  --timeout-scale N     multiply every deadline (a wait for a frame is 3 s x N); default 1
  --concurrency N       scenarios in flight at once; default 4
  --list                print the rules, the sides they bind and the scenarios that check them
  --version             print the version
  -h, --help            print this help

A run filtered by --grep or --exclude never says CONFORMANT: it says how many of the
scenarios ran. Exit status: 0 every required scenario that ran passed; 1 a required
scenario failed; 2 invalid arguments or config, a filter that selects nothing, or a
target that cannot be reached.`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

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
        exclude: { type: 'string' },
        list: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
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
    if (options.version) {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (options.list) {
      io.stdout(renderInventory());
      return 0;
    }
    if (!options.config) throw new UsageError('--config is required');
    const reporter = options.reporter!;
    if (!isReporterName(reporter)) throw new UsageError(`--reporter must be spec, json, junit or tap, got "${reporter}"`);
    const timeoutScale = positive('timeout-scale', options['timeout-scale'], 1);
    const concurrency = Math.floor(positive('concurrency', options.concurrency, 4));
    if (selectScenarios(SCENARIOS, options.grep, options.exclude).length === 0) {
      throw new UsageError(`no scenario matches ${[options.grep && `--grep "${options.grep}"`, options.exclude && `--exclude "${options.exclude}"`].filter(Boolean).join(' and ')} (--list shows them)`, false);
    }
    const config = await loadConfig(options.config);
    const progressTo = reporter === 'spec' && !options.output ? io.stdout : io.stderr;
    let done = 0;
    let total = 0;
    const report = await runConformance(config, {
      grep: options.grep,
      exclude: options.exclude,
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
      io.stderr(`salon-chat-conformance: ${error.message}\n${error.showUsage ? `${USAGE}\n` : ''}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof TargetError) {
      io.stderr(`salon-chat-conformance: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
