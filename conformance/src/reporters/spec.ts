import type { Report, ScenarioResult } from '../runner.ts';

const MARK = { passed: '✓', failed: '✗', skipped: '-' } as const;

/** One line per finished scenario, printed as the run goes. */
export function progressLine(result: ScenarioResult, done: number, total: number): string {
  const optional = result.required ? '' : ' (optional)';
  const tail = result.status === 'skipped' ? ` — skipped: ${result.reason}` : ` (${result.durationMs} ms)`;
  return `[${String(done).padStart(String(total).length)}/${total}] ${MARK[result.status]} ${result.id}: ${result.title}${optional}${tail}`;
}

function failureBlock(result: ScenarioResult, index: number): string {
  const lines = [
    `${index}) ${result.id}: ${result.title}${result.required ? '' : ' (optional)'}`,
    `   guide:    ${result.guide}`,
  ];
  if (result.rule) {
    lines.push(`   rule:     ${result.rule}`, `   expected: ${result.expected}`, `   actual:   ${result.actual}`);
  } else {
    lines.push(`   error:    ${result.error}`);
  }
  if (result.transcript?.length) lines.push('   transcript:', ...result.transcript.map((line) => `     ${line}`));
  return lines.join('\n');
}

/** Failures in detail (rule, expected, actual, transcript), then the verdict. */
export function renderSpec(report: Report): string {
  const out: string[] = [];
  const failures = report.scenarios.filter((r) => r.status === 'failed');
  if (failures.length) out.push('', 'Failures:', '', failures.map((r, i) => failureBlock(r, i + 1)).join('\n\n'));
  const skipped = report.scenarios.filter((r) => r.status === 'skipped');
  if (skipped.length) out.push('', 'Skipped:', ...skipped.map((r) => `  - ${r.id}: ${r.reason}`));
  const ran = report.scenarios.length;
  const verdict =
    report.requiredFailed > 0
      ? `NOT CONFORMANT (${report.requiredFailed} required scenario(s) failed)`
      : report.requiredUnconfigured > 0
        ? `INCOMPLETE (${report.requiredUnconfigured} required scenario(s) not run: the target config lacks what they need, see Skipped)`
        : ran < report.total
        ? `${ran} of ${report.total} scenarios run, no required failures (a filtered run certifies nothing)`
        : 'CONFORMANT';
  out.push(
    '',
    `${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)} s against ${report.target}`,
    verdict,
    '',
  );
  return out.join('\n');
}
