/** Runs the suite against the reference server behind each mutation's proxy. */
import { TargetError, runConformance, type Report, type ScenarioResult } from '../../src/index.ts';
import { RULES_BY_ID } from '../../src/rules.ts';
import type { Mutation } from './mutations.ts';
import { startProxy } from './proxy.ts';
import { referenceConfig } from './reference-server.ts';

export interface MutantResult {
  name: string;
  mutation: Mutation;
  /** The report, unless the suite refused to run against the target. */
  report?: Report;
  /** Why the suite refused to run (exit status 2), naming the rule broken. */
  refused?: TargetError;
  /** The scenarios that failed and kill the mutant: the required ones, and for a fault in an extension those of its rule. */
  killers: ScenarioResult[];
  /** Whether the mutant was caught: a required scenario failed, or the suite refused the target. */
  killed: boolean;
  /** Whether a failure (or the refusal) names the rule the fault breaks. */
  namesRule: boolean;
}

export async function runMutant(serverUrl: string, name: string, mutation: Mutation): Promise<MutantResult> {
  const proxy = await startProxy(serverUrl, mutation.faults());
  try {
    const report = await runConformance(referenceConfig(proxy.url), { timeoutScale: 0.5 });
    // A fault in an extension is caught by the extension's optional scenarios; any other by a required one.
    const optional = RULES_BY_ID.get(mutation.rule)?.required === false;
    const killers = report.scenarios.filter((s) => s.status === 'failed' && (s.required || (optional && s.rule === mutation.rule)));
    return { name, mutation, report, killers, killed: killers.length > 0, namesRule: killers.some((s) => s.rule === mutation.rule) };
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    return { name, mutation, refused: error, killers: [], killed: true, namesRule: error.rule === mutation.rule };
  } finally {
    await proxy.close();
  }
}

/**
 * Runs every mutation, one after the other: runs side by side would see each other's sockets
 * (the same actors are online in both).
 */
export async function runMutants(serverUrl: string, mutations: Record<string, Mutation>, onResult?: (result: MutantResult) => void): Promise<MutantResult[]> {
  const results: MutantResult[] = [];
  for (const [name, mutation] of Object.entries(mutations)) {
    results.push(await runMutant(serverUrl, name, mutation));
    onResult?.(results.at(-1)!);
  }
  return results;
}
