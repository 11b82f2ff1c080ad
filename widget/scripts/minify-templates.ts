import { parseAst, type Plugin } from 'vite';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/**
 * Whitespace is dropped where it cannot matter: around CSS punctuation, and in templates
 * between tags (the widget lays out with flex and grid, where such text nodes are ignored).
 * CSS comments go too (a comment is whole within one static part of a template).
 */
const squeeze = {
  css: (s: string) =>
    s
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .replace(/([\s:(,])0\.(\d)/g, '$1.$2'),
  html: (s: string) =>
    s
      .replace(/\s+/g, ' ')
      .replace(/> </g, '><')
      .replace(/^ </, '<')
      .replace(/> $/, '>'),
};

function walk(node: unknown, visit: (n: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  const n = node as Node;
  if (typeof n.type === 'string') visit(n);
  for (const key in n) if (key !== 'type') walk(n[key], visit);
}

/**
 * Squeezes the whitespace out of the static parts of Lit's `css`, `html` and `svg` templates,
 * which no minifier touches. Runs after TypeScript is stripped.
 */
export function minifyTemplates(): Plugin {
  return {
    name: 'salon-chat:minify-templates',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!/\/widget\/src\/.*\.ts$/.test(id) || !/(css|html|svg)`/.test(code)) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      walk(parseAst(code), (n) => {
        if (n.type !== 'TaggedTemplateExpression') return;
        const tag = (n.tag as { name?: string }).name;
        if (tag !== 'css' && tag !== 'html' && tag !== 'svg') return;
        const fn = tag === 'css' ? squeeze.css : squeeze.html;
        for (const q of (n.quasi as { quasis: Node[] }).quasis) {
          const raw = code.slice(q.start, q.end);
          const text = fn(raw);
          if (text !== raw) edits.push({ start: q.start, end: q.end, text });
        }
      });
      if (!edits.length) return null;
      let out = code;
      for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
      return { code: out, map: null };
    },
  };
}
