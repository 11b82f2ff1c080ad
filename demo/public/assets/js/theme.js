/** Restyles a live <salon-chat> through its public API only: `--salon-chat-*` custom properties and the `theme` and `lang` attributes. */

export const LANGUAGES = [
  ['', 'Page language'],
  ['en', 'English'],
  ['fr', 'Français'],
  ['ar', 'العربية (RTL)'],
];

/** Dark text or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function readableOn(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? '#1f1b24' : '#ffffff';
}

/** The custom properties a brand colour sets: buttons, header and the visitor's own bubbles. */
export function accentProperties(accent) {
  if (!/^#[0-9a-f]{6}$/i.test(accent ?? '')) return {};
  const fg = readableOn(accent);
  return {
    '--salon-chat-accent': accent,
    '--salon-chat-accent-fg': fg,
    '--salon-chat-bubble-mine': accent,
    '--salon-chat-bubble-mine-fg': fg,
  };
}

export function themeFromParams(params) {
  return { accent: params.get('accent') ?? '', theme: params.get('theme') ?? '', lang: params.get('lang') ?? '' };
}

export function themeToParams({ accent, theme, lang }, params) {
  for (const [key, value] of Object.entries({ accent, theme, lang })) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  return params;
}

export function applyTheme(el, { accent, theme, lang }) {
  for (const name of ['--salon-chat-accent', '--salon-chat-accent-fg', '--salon-chat-bubble-mine', '--salon-chat-bubble-mine-fg']) el.style.removeProperty(name);
  for (const [name, value] of Object.entries(accentProperties(accent))) el.style.setProperty(name, value);
  for (const [name, value] of [['theme', theme], ['lang', lang]]) {
    if (value) el.setAttribute(name, value);
    else el.removeAttribute(name);
  }
}

/** The snippet a salon's web developer pastes, with the chosen settings. */
export function embedSnippet(origin, { accent, theme, lang }) {
  const attributes = [`server="${origin}"`, 'salon-id="1"', theme ? `theme="${theme}"` : '', lang ? `lang="${lang}"` : ''].filter(Boolean).join(' ');
  const html = `<script type="module" src="${origin}/widget/salon-chat.js"></script>\n<salon-chat ${attributes}></salon-chat>`;
  const properties = Object.entries(accentProperties(accent));
  const css = properties.length ? `salon-chat {\n${properties.map(([k, v]) => `  ${k}: ${v};`).join('\n')}\n}` : '';
  return { html, css };
}
