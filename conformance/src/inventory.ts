/** The rule inventory as text: each rule, the sides it binds, and the scenarios that check it. */
import { RULES } from './rules.ts';
import type { Scenario } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

const sidesOf = (sides: readonly string[]) => (sides.length ? sides.join(' + ') : 'no side (no token)');

/** What `--list` prints: needs no server. */
export function renderInventory(scenarios: readonly Scenario[] = SCENARIOS): string {
  const out = [`${RULES.length} rules, ${scenarios.length} scenarios. Each rule: id, required or optional, the sides it applies to, its section of the guide and of docs/protocol.md; then its text and the scenarios that check it, with their sides.`, ''];
  for (const rule of RULES) {
    out.push(`${rule.id} — ${rule.required ? 'required' : 'optional'} — ${sidesOf(rule.sides)} — ${rule.section} — ${rule.doc}`, `  ${rule.text}`);
    for (const scenario of scenarios.filter((s) => s.rules.includes(rule.id))) out.push(`  · ${scenario.id} (${sidesOf(scenario.sides)}): ${scenario.title}`);
    out.push('');
  }
  return out.join('\n');
}
