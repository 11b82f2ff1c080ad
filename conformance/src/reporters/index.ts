/** Report formats: `spec` for people, `json`, `junit` and `tap` for machines. */
import type { Report, ScenarioResult } from '../runner.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { progressLine, renderSpec } from './spec.ts';
import { renderTap } from './tap.ts';

export const REPORTERS = {
  spec: renderSpec,
  json: renderJson,
  junit: renderJunit,
  tap: renderTap,
} as const satisfies Record<string, (report: Report) => string>;

export type ReporterName = keyof typeof REPORTERS;

export const isReporterName = (name: string): name is ReporterName => Object.hasOwn(REPORTERS, name);

export { progressLine };
export type { ScenarioResult };
