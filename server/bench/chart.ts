/**
 * Draws docs/realtime.svg from bench/results/realtime.json: deliveries a second of each server
 * against the bare relay, and send→delivery latency at the steady load. The README shows it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Row {
  target: string;
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
}

const results = JSON.parse(readFileSync(path.join(import.meta.dirname, 'results', 'realtime.json'), 'utf8')) as {
  commit: string | null;
  date: string;
  machine: { cpus: number; cpu?: string };
  throughput: Row[];
  latency: Row[];
};

const WIDTH = 720;
const LABEL = 250;
const BAR = 22;
const GAP = 10;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const short = (target: string) => target.replace(/ \(no auth, no storage\)/, '').replace(/, mean of \d+ runs/, '').replace(/ \(PostgreSQL \+ Redis;[^)]*\)/, '');

/** Horizontal bars with their figures, and a dashed line where the target is. */
function bars(
  title: string,
  top: number,
  rows: { label: string; value: number; text: string; muted?: boolean }[],
  target: { value: number; label: string },
): { svg: string; height: number } {
  const max = Math.max(...rows.map((r) => r.value), target.value, 1);
  const span = WIDTH - LABEL - 190;
  let svg = `<text x="0" y="${top + 16}" class="title">${escape(title)}</text>`;
  const x = (LABEL + (target.value / max) * span).toFixed(1);
  const bottom = top + 30 + rows.length * (BAR + GAP);
  svg += `<line x1="${x}" y1="${top + 24}" x2="${x}" y2="${bottom - GAP + 4}" class="target"/><text x="${x}" y="${bottom + 10}" text-anchor="middle" class="note">${escape(target.label)}</text>`;
  rows.forEach((row, i) => {
    const y = top + 30 + i * (BAR + GAP);
    const width = Math.max(2, (row.value / max) * span);
    svg += `<text x="${LABEL - 10}" y="${y + BAR / 2 + 5}" text-anchor="end">${escape(row.label)}</text>`;
    svg += `<rect x="${LABEL}" y="${y}" width="${width.toFixed(1)}" height="${BAR}" rx="3" class="${row.muted ? 'relay' : 'ours'}"/>`;
    svg += `<text x="${(LABEL + width + 8).toFixed(1)}" y="${y + BAR / 2 + 5}">${escape(row.text)}</text>`;
  });
  return { svg, height: 30 + rows.length * (BAR + GAP) + 30 };
}

const relay = results.throughput.find((r) => r.target.startsWith('bare ws relay'));
const throughput = bars(
  'Deliveries a second, 200 chats × 2 sockets, 4 messages in flight a socket',
  0,
  results.throughput.map((r) => ({
    label: short(r.target),
    value: r.deliveriesPerSecond,
    text: `${Math.round(r.deliveriesPerSecond).toLocaleString('en')}${relay && r !== relay ? ` (${Math.round((r.deliveriesPerSecond / relay.deliveriesPerSecond) * 100)} %)` : ''}`,
    muted: r === relay,
  })),
  { value: (relay?.deliveriesPerSecond ?? 0) * 0.4, label: 'target: 40 % of the relay' },
);
const latency = bars(
  "p99 send → delivery at a steady 20 % of each server's throughput (ms)",
  throughput.height + 10,
  results.latency.map((r) => ({ label: short(r.target), value: r.p99, text: `${r.p99.toFixed(1)} ms (p50 ${r.p50.toFixed(1)})` })),
  { value: 20, label: 'target: 20 ms' },
);
const height = throughput.height + latency.height + 40;
const footnote = `${results.machine.cpus} cores${results.machine.cpu ? `, ${results.machine.cpu}` : ''} · commit ${results.commit ?? 'unknown'} · ${results.date.slice(0, 10)} · npm run bench -w server`;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="13">
<style>text{fill:#1f2933}.title{font-weight:600}.ours{fill:#b0466f}.relay{fill:#9aa5b1}.note{fill:#616e7c;font-size:11px}.target{stroke:#9aa5b1;stroke-dasharray:4 3}</style>
<rect width="100%" height="100%" fill="#fff"/>
<g transform="translate(10,6)">${throughput.svg}${latency.svg}<text x="0" y="${height - 20}" class="note">${escape(footnote)}</text></g>
</svg>
`;
const out = path.join(import.meta.dirname, '..', '..', 'docs', 'realtime.svg');
writeFileSync(out, svg);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
