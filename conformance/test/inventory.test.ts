import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RULES, SCENARIOS } from '../src/index.ts';
import { RULES_BY_ID } from '../src/rules.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const scenarioFiles = readdirSync(path.join(SRC, 'scenarios')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
const RULE_LITERAL = /'((?:auth|chat|history|upload|ws|authz|ext)\.[a-z0-9.-]+)'/g;

describe('the rule inventory', () => {
  it('has unique ids, each with a section and a text', () => {
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
    for (const rule of RULES) assert.ok(rule.section && rule.text, rule.id);
  });

  it('marks exactly the decisions §5 extensions optional', () => {
    for (const rule of RULES) assert.equal(rule.required, !rule.id.startsWith('ext.'), rule.id);
  });

  it('covers every rule with at least one scenario', () => {
    const covered = new Set(SCENARIOS.flatMap((s) => s.rules));
    assert.deepEqual(RULES.filter((r) => !covered.has(r.id)).map((r) => r.id), []);
  });

  it('links every rule to a section of docs/protocol.md, whose rule table lists each once', () => {
    const doc = readFileSync(path.resolve(SRC, '../../docs/protocol.md'), 'utf8');
    const anchors = new Set([...doc.matchAll(/^## (.+)$/gm)].map(([, title]) => title!.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    for (const rule of RULES) assert.ok(anchors.has(rule.doc.split('#')[1]!), `${rule.id} links to ${rule.doc}`);
    const listed = [...doc.slice(doc.indexOf('## Conformance rules')).matchAll(/^\| `([a-z0-9.-]+)` \|/gm)].map(([, id]) => id);
    assert.deepEqual([...listed].sort(), RULES.map((r) => r.id).sort());
  });

  it('checks every required rule from every side it applies to', () => {
    const gaps = RULES.filter((rule) => rule.required).flatMap((rule) => {
      const checked = new Set(SCENARIOS.filter((s) => s.rules.includes(rule.id)).flatMap((s) => s.sides));
      return rule.sides.filter((side) => !checked.has(side)).map((side) => `${rule.id} is not checked from the ${side} side`);
    });
    assert.deepEqual(gaps, []);
  });

  it('lets scenarios name only inventory rules, all required or all optional', () => {
    for (const scenario of SCENARIOS) {
      assert.ok(scenario.rules.length > 0, scenario.id);
      const kinds = new Set(scenario.rules.map((id) => RULES_BY_ID.get(id)?.required));
      assert.ok(!kinds.has(undefined), `${scenario.id} names an unknown rule: ${scenario.rules}`);
      assert.equal(kinds.size, 1, `${scenario.id} mixes required and optional rules`);
    }
  });

  it('cites only inventory rules in the checks of the suite', () => {
    const sources = [...scenarioFiles.map((f) => path.join('scenarios', f)), 'steps.ts', 'context.ts', 'runner.ts', 'actors.ts', 'ws.ts'];
    for (const file of sources) {
      const text = readFileSync(path.join(SRC, file), 'utf8');
      for (const [, id] of text.matchAll(RULE_LITERAL)) assert.ok(RULES_BY_ID.has(id!), `${file} cites unknown rule ${id}`);
    }
  });
});

describe('the scenarios', () => {
  it('have unique ids named after their feature file, a title and a guide section', () => {
    assert.equal(new Set(SCENARIOS.map((s) => s.id)).size, SCENARIOS.length);
    const features = new Set(scenarioFiles.map((f) => f.replace(/\.ts$/, '')));
    for (const scenario of SCENARIOS) {
      assert.ok(features.has(scenario.id.split('.')[0]!), `${scenario.id} matches no file in src/scenarios`);
      assert.ok(scenario.title.length > 10 && scenario.guide.length > 3, scenario.id);
    }
  });

  it('come from every feature file', () => {
    const used = new Set(SCENARIOS.map((s) => s.id.split('.')[0]));
    assert.deepEqual(scenarioFiles.map((f) => f.replace(/\.ts$/, '')).filter((f) => !used.has(f)), []);
  });
});
