/**
 * Prints what a page downloads, gzipped (level 9), for both forms of the widget: the one
 * script tag before the chat is opened (launcher, badge, unread, connection, Lit), and
 * everything once it is opened (plus the panel, fetched from beside the script). Fails when a
 * figure is over its budget or when the build emitted a file a page would also have to fetch.
 * Run after `npm run build`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BEFORE_OPEN = 16_000;
const EVERYTHING = 45_000;
const dist = new URL('../dist/', import.meta.url);
const scripts = readdirSync(dist).filter((f) => f.endsWith('.js'));
/** The panel of each form is named after its content (`salon-chat-panel-<hash>.js`). */
const panelOf = (pattern: RegExp) => scripts.find((f) => pattern.test(f)) ?? 'no panel';
const forms = [
  { name: 'ES module', core: 'salon-chat.js', panel: panelOf(/^salon-chat-panel-[\w-]{8}\.js$/) },
  { name: 'classic script', core: 'salon-chat.iife.js', panel: panelOf(/^salon-chat-panel-[\w-]{8}\.iife\.js$/) },
];

const gz = (file: string) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
const kB = (n: number) => `${(n / 1000).toFixed(2)} kB`;
const failures: string[] = [];

const known = forms.flatMap((f) => [f.core, f.panel]);
for (const extra of scripts.filter((f) => !known.includes(f))) failures.push(`unexpected file ${extra}: a page would fetch it too`);

console.log(`${'form'.padEnd(16)}${'before opening'.padStart(16)}${'panel'.padStart(12)}${'everything'.padStart(14)}`);
for (const form of forms) {
  const core = gz(form.core);
  const panel = gz(form.panel);
  console.log(`${form.name.padEnd(16)}${kB(core).padStart(16)}${kB(panel).padStart(12)}${kB(core + panel).padStart(14)}`);
  if (core > BEFORE_OPEN) failures.push(`${form.name}: ${kB(core)} before opening, over ${kB(BEFORE_OPEN)}`);
  if (core + panel > EVERYTHING) failures.push(`${form.name}: ${kB(core + panel)} in all, over ${kB(EVERYTHING)}`);
}
console.log(`budgets: ${kB(BEFORE_OPEN)} before opening, ${kB(EVERYTHING)} in all (gzip -9)`);
if (failures.length) {
  for (const f of failures) console.error(f);
  process.exit(1);
}
