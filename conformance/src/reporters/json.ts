import type { Report } from '../runner.ts';

/** The report of decisions.md ("Conformance CLI contract"), with the extra fields of each result. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
