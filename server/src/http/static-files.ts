import type Router from '@koa/router';
import compress from 'koa-compress';
import send from 'koa-send';

/** A folder served as it is, e.g. the widget bundle under /widget and the demo under /. */
export interface StaticMount {
  prefix: string;
  dir: string;
  /** Files whose names change with their content (a build's hashed chunks): cached for a year, never asked again. */
  immutable?: RegExp;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Serves a folder: a file's `.br` or `.gz` beside it when the browser takes that encoding (made at
 * build time), else text compressed as it goes; every answer with a validator (`ETag`,
 * `Last-Modified`) and `Vary: Accept-Encoding`. Content-hashed files are `immutable` for a year;
 * the others are revalidated on each use (`no-cache`, answered 304 while unchanged), so a new
 * release reaches every visitor at once.
 */
export function serveFolder(router: Router, { prefix, dir, immutable }: StaticMount, headers: Record<string, string> = {}): void {
  const base = prefix.replace(/\/$/, '');
  const compressing = compress({ threshold: 1024 });
  // a folder's page loads its files relative to it: /app answers with /app/
  if (base) router.get(base, (ctx, next) => (ctx.path === base ? ctx.redirect(`${base}/`) : next()));
  router.get(`${base}/{*file}`, compressing, async (ctx) => {
    const file = ctx.path.slice(base.length) || '/';
    const forever = !!immutable?.test(file);
    try {
      await send(ctx, file, {
        root: dir,
        index: 'index.html',
        maxage: forever ? YEAR_MS : 0,
        immutable: forever,
        setHeaders(res, _path, stats) {
          res.setHeader('ETag', `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`);
          if (!forever) res.setHeader('Cache-Control', 'no-cache');
        },
      });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
      return;
    }
    ctx.vary('Accept-Encoding');
    ctx.set(headers);
    if (ctx.fresh) ctx.status = 304;
  });
}
