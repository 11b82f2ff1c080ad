/**
 * Prints the size of each build a page downloads, raw and gzipped (level 9), and fails when
 * one is over the budget. Run after `npm run build`.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 25 * 1000;
const files = ['dist/salon-chat.js', 'dist/salon-chat.iife.js'];
let over = false;
for (const file of files) {
  const code = readFileSync(new URL(`../${file}`, import.meta.url));
  const gz = gzipSync(code, { level: 9 }).length;
  over ||= gz > BUDGET;
  console.log(`${file.padEnd(26)} ${String(code.length).padStart(7)} B raw ${String(gz).padStart(7)} B gzip (${((gz / BUDGET) * 100).toFixed(1)}% of ${BUDGET / 1000} kB)`);
}
if (over) {
  console.error('over the 25 kB budget');
  process.exit(1);
}
