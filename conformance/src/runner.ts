/** Runs the scenarios against a target and builds the report. */
import { randomBytes } from 'node:crypto';
import { checkReachable, resolveActors, type Actors } from './actors.ts';
import { parseConfig, type TargetConfig } from './config.ts';
import { Context } from './context.ts';
import { TransportError } from './http.ts';
import { RULES_BY_ID } from './rules.ts';
import type { Scenario } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { RuleViolation, Skip } from './verdict.ts';

export type Status = 'passed' | 'failed' | 'skipped';

export interface ScenarioResult {
  id: string;
  title: string;
  status: Status;
  guide: string;
  /** Why it failed (null unless failed). */
  error: string | null;
  required: boolean;
  rules: string[];
  /** Why it was skipped. */
  reason?: string;
  /** Skipped because the target config lacks what it needs (an actor, a way to an expired token). */
  unconfigured?: boolean;
  /** The broken rule, what it wants and what the server did (failures only). */
  rule?: string;
  expected?: string;
  actual?: string;
  /** HTTP exchanges and WebSocket frames, tokens redacted (failures only). */
  transcript?: string[];
  durationMs: number;
}

export interface Report {
  passed: number;
  failed: number;
  skipped: number;
  /** Failed scenarios that check required rules: any makes the target non-conformant. */
  requiredFailed: number;
  /** Required scenarios skipped for want of something in the target config: the run certifies nothing until they run. */
  requiredUnconfigured: number;
  /** How many scenarios the suite has: more than ran when the run was filtered. */
  total: number;
  target: string;
  durationMs: number;
  scenarios: ScenarioResult[];
}

export interface RunOptions {
  /** Only scenarios whose id or title contains this text (case-insensitive). */
  grep?: string;
  /** Not the scenarios whose id or title contains this text (case-insensitive). */
  exclude?: string;
  /** Stop starting scenarios after the first failure. */
  bail?: boolean;
  /** Multiplies every deadline (default 1). */
  timeoutScale?: number;
  /** Scenarios in flight at once (default 4). */
  concurrency?: number;
  /** Called as each scenario finishes. */
  onResult?: (result: ScenarioResult) => void;
  /** Called once the scenarios to run are known. */
  onStart?: (total: number) => void;
  /** The scenarios to choose from (default: all of them). */
  scenarios?: readonly Scenario[];
}

const WAIT_MS = 3000;
const SCENARIO_MS = 20_000;

export const isRequired = (scenario: Scenario): boolean => scenario.rules.some((id) => RULES_BY_ID.get(id)?.required);

const matches = (scenario: Scenario, text: string) => {
  const needle = text.toLowerCase();
  return scenario.id.toLowerCase().includes(needle) || scenario.title.toLowerCase().includes(needle);
};

/** The scenarios `grep` selects (all without it), less those `exclude` names. */
export function selectScenarios(all: readonly Scenario[], grep?: string, exclude?: string): Scenario[] {
  return all.filter((s) => (!grep || matches(s, grep)) && (!exclude || !matches(s, exclude)));
}

async function runOne(scenario: Scenario, ctx: Context, scale: number): Promise<Omit<ScenarioResult, 'durationMs'>> {
  const base = { id: scenario.id, title: scenario.title, guide: scenario.guide, required: isRequired(scenario), rules: scenario.rules };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the scenario did not finish within ${SCENARIO_MS * scale} ms`)), SCENARIO_MS * scale);
  });
  const run = scenario.run(ctx);
  run.catch(() => undefined);
  try {
    await Promise.race([run, deadline]);
    ctx.expectWellFormedFrames();
    return { ...base, status: 'passed', error: null };
  } catch (error) {
    if (error instanceof Skip) return { ...base, status: 'skipped', error: null, reason: error.reason, ...(error.unconfigured ? { unconfigured: true } : {}) };
    const failure = { ...base, status: 'failed' as const, transcript: ctx.transcript.lines() };
    if (error instanceof RuleViolation) {
      return { ...failure, error: error.message, rule: error.rule, expected: error.expected, actual: error.actual };
    }
    const message = error instanceof TransportError ? `the server gave no HTTP answer: ${error.message}` : error instanceof Error ? error.message : String(error);
    return { ...failure, error: message };
  } finally {
    clearTimeout(timer);
    await ctx.dispose();
  }
}

/**
 * Certifies the target described by `config` (validated here). Throws ConfigError for an invalid
 * config and TargetError when the target cannot be reached or its actors cannot log in.
 */
export async function runConformance(config: TargetConfig | unknown, options: RunOptions = {}): Promise<Report> {
  const target = parseConfig(config);
  const scale = options.timeoutScale ?? 1;
  const started = Date.now();
  await checkReachable(target, WAIT_MS * scale);
  const actors: Actors = await resolveActors(target, WAIT_MS * scale);
  const all = options.scenarios ?? SCENARIOS;
  const selected = selectScenarios(all, options.grep, options.exclude);
  options.onStart?.(selected.length);
  const tag = randomBytes(4).toString('hex');
  const results = new Map<Scenario, ScenarioResult>();
  const claimedChats = new Set<number>();
  let bailed = false;

  const execute = async (scenario: Scenario): Promise<void> => {
    let result: ScenarioResult;
    if (bailed) {
      result = { id: scenario.id, title: scenario.title, guide: scenario.guide, required: isRequired(scenario), rules: scenario.rules, status: 'skipped', error: null, reason: 'not run: --bail after a failure', durationMs: 0 };
    } else {
      const begun = Date.now();
      const ctx = new Context(target, actors, WAIT_MS * scale, `${tag}-${results.size}`, claimedChats);
      result = { ...(await runOne(scenario, ctx, scale)), durationMs: Date.now() - begun };
      if (result.status === 'failed' && options.bail) bailed = true;
    }
    results.set(scenario, result);
    options.onResult?.(result);
  };

  for (const scenario of selected.filter((s) => s.exclusive)) await execute(scenario);
  const queue = selected.filter((s) => !s.exclusive);
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await execute(next);
  });
  await Promise.all(workers);

  const scenarios = selected.map((s) => results.get(s)!);
  const count = (status: Status): number => scenarios.filter((r) => r.status === status).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    requiredFailed: scenarios.filter((r) => r.status === 'failed' && r.required).length,
    requiredUnconfigured: scenarios.filter((r) => r.status === 'skipped' && r.required && r.unconfigured).length,
    total: all.length,
    target: target.baseUrl,
    durationMs: Date.now() - started,
    scenarios,
  };
}

/**
 * 0 when every required scenario passed or was skipped for a capability the target may lack;
 * 1 when one failed, or was skipped because the target config lacks what it needs.
 */
export function exitCode(report: Report): number {
  return report.requiredFailed === 0 && report.requiredUnconfigured === 0 ? 0 : 1;
}
