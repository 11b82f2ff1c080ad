import type { Report, ScenarioResult } from '../runner.ts';

const quote = (text: string): string => JSON.stringify(text);

function diagnostics(result: ScenarioResult): string[] {
  const lines = ['  ---', `  guide: ${quote(result.guide)}`, `  required: ${result.required}`];
  if (result.rule) lines.push(`  rule: ${quote(result.rule)}`, `  expected: ${quote(result.expected ?? '')}`, `  actual: ${quote(result.actual ?? '')}`);
  else lines.push(`  error: ${quote(result.error ?? '')}`);
  if (result.transcript?.length) lines.push('  transcript:', ...result.transcript.map((line) => `    - ${quote(line)}`));
  lines.push('  ...');
  return lines;
}

const description = (result: ScenarioResult): string => `${result.id}: ${result.title}`.replace(/#/g, '\\#');

/** TAP version 14; failed optional scenarios are marked TODO so they do not fail the stream. */
export function renderTap(report: Report): string {
  const lines = ['TAP version 14', `1..${report.scenarios.length}`];
  report.scenarios.forEach((result, i) => {
    const n = i + 1;
    if (result.status === 'passed') lines.push(`ok ${n} - ${description(result)}`);
    else if (result.status === 'skipped') lines.push(`ok ${n} - ${description(result)} # SKIP ${result.reason}`);
    else lines.push(`not ok ${n} - ${description(result)}${result.required ? '' : ' # TODO optional extension'}`, ...diagnostics(result));
  });
  return `${lines.join('\n')}\n`;
}
