/**
 * `/docs`: the API reference, drawn by Scalar's standalone viewer from `/openapi.json`, whose
 * description carries the WebSocket frames. The viewer is served from this server's own
 * dependencies; the page loads nothing from anywhere else (no fonts, no telemetry, no proxy).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'koa';

export const VIEWER_PATH = '/docs/scalar.js';

/** The package exports no path to its browser bundle (its `browser` field names it): it lies beside the main entry. */
const VIEWER_FILE = path.join(path.dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js');

/** What the viewer may do: nothing remote, nothing it would call home for. */
const VIEWER_CONFIGURATION = {
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  showDeveloperTools: 'never',
  documentDownloadType: 'json',
};

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>salon-chat API</title>
<link rel="icon" href="data:,">
</head>
<body>
<script id="api-reference" data-url="/openapi.json" data-configuration='${escapeAttribute(JSON.stringify(VIEWER_CONFIGURATION))}'></script>
<script src="${VIEWER_PATH}"></script>
</body>
</html>`;

/**
 * The page's policy: scripts, requests and images from this server only. The viewer sets its
 * styles at run time (its theme and its components' scoped CSS), hence inline styles.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function serveDocsPage(ctx: Context): void {
  ctx.set('Content-Security-Policy', DOCS_CSP);
  ctx.type = 'html';
  ctx.body = PAGE;
}

let viewer: Promise<{ plain: Buffer; gzipped: Buffer }> | undefined;

/** The viewer's bundle (4.9 MB, about 1.4 MB gzipped), read and compressed once. */
export async function serveViewer(ctx: Context): Promise<void> {
  viewer ??= readFile(VIEWER_FILE).then(async (plain) => ({ plain, gzipped: await promisify(gzip)(plain) }));
  const { plain, gzipped } = await viewer;
  ctx.type = 'js';
  ctx.set('Cache-Control', 'public, max-age=3600');
  ctx.vary('Accept-Encoding');
  if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = gzipped;
  } else ctx.body = plain;
}
