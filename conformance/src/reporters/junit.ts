import type { Report, ScenarioResult } from '../runner.ts';

const escape = (text: string): string =>
  text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

function testcase(result: ScenarioResult): string {
  const feature = result.id.split('.')[0]!;
  const open = `    <testcase classname="salon-chat-conformance.${escape(feature)}" name="${escape(`${result.id}: ${result.title}`)}" time="${(result.durationMs / 1000).toFixed(3)}"`;
  if (result.status === 'passed') return `${open}/>`;
  if (result.status === 'skipped') return `${open}>\n      <skipped message="${escape(result.reason ?? '')}"/>\n    </testcase>`;
  if (!result.required) return `${open}>\n      <skipped message="${escape(`optional extension, not counted: ${result.error ?? ''}`)}"/>\n    </testcase>`;
  const details = [
    `guide: ${result.guide}`,
    result.rule ? `rule: ${result.rule}\nexpected: ${result.expected}\nactual: ${result.actual}` : `error: ${result.error}`,
    '',
    ...(result.transcript ?? []),
  ].join('\n');
  const type = result.rule ?? 'error';
  return `${open}>\n      <failure message="${escape(result.error ?? '')}" type="${escape(type)}">${escape(details)}</failure>\n    </testcase>`;
}

/** JUnit XML, one testcase per scenario, for CI systems. */
export function renderJunit(report: Report): string {
  const optionalFailed = report.failed - report.requiredFailed;
  const attrs = `tests="${report.scenarios.length}" failures="${report.requiredFailed}" errors="0" skipped="${report.skipped + optionalFailed}" time="${(report.durationMs / 1000).toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="salon-chat-conformance" ${attrs}>`,
    `  <testsuite name="${escape(report.target)}" ${attrs}>`,
    ...report.scenarios.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
