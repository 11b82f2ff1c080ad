import { css, unsafeCSS } from 'lit';

/** The dark base colours, for `theme="dark"` and for `theme="auto"` on a dark system. */
const dark = css`
  --base-bg: #1c1a20;
  --base-fg: #f2eff5;
  --base-accent: #a78bfa;
  --base-accent-fg: #1c1a20;
  --base-danger: #fca5a5;
  --base-note: #3f2f0a;
  --base-note-fg: #fde68a;
  --sc-scheme: dark;
`;

/** Shades derived from the text and background colours, so a host page sets two and gets all. */
const mix = (percent: number, over = 'var(--sc-bg)') => `color-mix(in srgb, var(--sc-fg) ${percent}%, ${over})`;

export const salonChatStyles = css`
  :host {
    --base-bg: #fff;
    --base-fg: #1f1b24;
    --base-accent: #6d28d9;
    --base-accent-fg: #fff;
    --base-danger: #b91c1c;
    --base-note: #fef3c7;
    --base-note-fg: #713f12;
    --sc-bg: var(--salon-chat-bg, var(--base-bg));
    --sc-fg: var(--salon-chat-fg, var(--base-fg));
    --sc-muted: var(--salon-chat-muted, ${unsafeCSS(mix(72))});
    --sc-border: var(--salon-chat-border, ${unsafeCSS(mix(20))});
    --sc-hover: var(--salon-chat-hover, ${unsafeCSS(mix(8, 'transparent'))});
    --sc-bubble: var(--salon-chat-bubble, ${unsafeCSS(mix(7))});
    --sc-bubble-mine: var(--salon-chat-bubble-mine, var(--sc-accent));
    --sc-bubble-mine-fg: var(--salon-chat-bubble-mine-fg, var(--sc-accent-fg));
    --sc-accent: var(--salon-chat-accent, var(--base-accent));
    --sc-accent-fg: var(--salon-chat-accent-fg, var(--base-accent-fg));
    --sc-badge: var(--salon-chat-badge, #b91c1c);
    --sc-danger: var(--salon-chat-danger, var(--base-danger));
    --sc-note: var(--salon-chat-note, var(--base-note));
    --sc-note-fg: var(--salon-chat-note-fg, var(--base-note-fg));
    --sc-online: var(--salon-chat-online, #15803d);
    --sc-radius: var(--salon-chat-radius, 16px);
    --sc-offset: var(--salon-chat-offset, 20px);
  }
  /*
   * What the host page's own text styles would pass down stops here: sizes are in px, and every
   * inherited text property starts again from the widget's (the page themes the widget through
   * the --salon-chat-* properties and ::part only).
   */
  .launcher,
  .panel {
    font: 400 var(--salon-chat-font-size, 15px) / 1.4 var(--salon-chat-font, system-ui, sans-serif);
    color: var(--sc-fg);
    color-scheme: var(--sc-scheme, light);
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-align: start;
    text-indent: 0;
    text-shadow: none;
    white-space: normal;
    font-kerning: auto;
    visibility: visible;
    cursor: auto;
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
  :host([mode='staff']) {
    display: block;
    block-size: var(--salon-chat-height, 576px);
  }
  .launcher {
    position: fixed;
    inset-block-end: var(--sc-offset);
    inset-inline-end: var(--sc-offset);
    z-index: var(--salon-chat-z-index, 2147483000);
    inline-size: 56px;
    block-size: 56px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  }
  .launcher svg {
    inline-size: 25.6px;
    block-size: 25.6px;
  }
  .launcher .badge {
    position: absolute;
    inset-block-start: -3.2px;
    inset-inline-end: -3.2px;
  }
`;
