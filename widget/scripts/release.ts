/**
 * After `vite build`: names the classic panel after its content (`salon-chat-panel-<hash>.iife.js`,
 * which the classic core is told), as the ES panel chunk already is, so that both panels can be
 * cached for a year; then writes each script's `.br` and `.gz` beside it for servers that send
 * them as they are (the reference server, nginx's `gzip_static`/`brotli_static`).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const at = (file: string) => new URL(file, dist);
const CLASSIC_PANEL = 'salon-chat-panel.iife.js';

const panel = readFileSync(at(CLASSIC_PANEL), 'utf8');
const hash = createHash('sha256').update(panel).digest('base64url').slice(0, 8);
const named = `salon-chat-panel-${hash}.iife.js`;
writeFileSync(at(named), panel.replace(`sourceMappingURL=${CLASSIC_PANEL}.map`, `sourceMappingURL=${named}.map`));
const map = JSON.parse(readFileSync(at(`${CLASSIC_PANEL}.map`), 'utf8')) as { file?: string };
writeFileSync(at(`${named}.map`), JSON.stringify({ ...map, file: named }));
for (const old of [CLASSIC_PANEL, `${CLASSIC_PANEL}.map`]) rmSync(at(old));
const core = readFileSync(at('salon-chat.iife.js'), 'utf8');
if (!core.includes(CLASSIC_PANEL)) {
  throw new Error(`salon-chat.iife.js does not name ${CLASSIC_PANEL}: the classic loader changed`);
}
writeFileSync(at('salon-chat.iife.js'), core.replaceAll(CLASSIC_PANEL, named));

for (const file of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
  const bytes = readFileSync(at(file));
  writeFileSync(at(`${file}.br`), brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
  writeFileSync(at(`${file}.gz`), gzipSync(bytes, { level: 9 }));
}
console.log(`classic panel: ${named}; .br and .gz written beside the scripts`);
