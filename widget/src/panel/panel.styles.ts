import { css } from '../kit.ts';
import { phone } from './phone.ts';

/** The panel: floating card (customer) or inbox pane (staff), its header, sign-in and lists. */
export const panelStyles = css`
  .panel {
    display: flex;
    flex-direction: column;
    background: var(--sc-bg);
    color: var(--sc-fg);
    overflow: hidden;
  }
  .floating {
    position: fixed;
    z-index: var(--salon-chat-z-index, 2147483000);
    inset-block-end: calc(var(--sc-offset) + 72px);
    inset-inline-end: var(--sc-offset);
    inline-size: min(var(--salon-chat-width, 384px), calc(100vw - 2 * var(--sc-offset)));
    block-size: min(var(--salon-chat-height, 576px), calc(100vh - 104px));
    border-radius: var(--sc-radius);
    box-shadow: 0 8px 30px rgb(0 0 0 / 0.25);
    animation: rise 0.18s ease-out;
  }
  @media ${phone} {
    .floating {
      inset: var(--sc-viewport-top, 0) 0 auto;
      inline-size: 100%;
      block-size: var(--sc-viewport-height, 100dvh);
      border-radius: 0;
      padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);
    }
  }
  .staff {
    block-size: 100%;
    border: 1px solid var(--sc-border);
    border-radius: var(--sc-radius);
    container-type: inline-size;
  }
  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(16px);
    }
  }
  .bar {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 9.6px 12px;
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
  }
  .who {
    flex: 1;
    min-inline-size: 0;
  }
  .bar h2,
  .sub {
    margin: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .bar h2 {
    font-size: 16px;
  }
  .sub {
    font-size: 12px;
    opacity: 0.9;
    white-space: normal;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
  }
  .status {
    font-size: 12px;
  }
  .network {
    margin: 0;
    padding: 6px 12px;
    background: color-mix(in srgb, #f59e0b 22%, var(--sc-bg));
    color: var(--sc-fg);
    font-size: 13px;
    text-align: center;
  }
  .link-refused {
    display: grid;
    gap: 2px;
    padding: 8px 12px;
    background: color-mix(in srgb, var(--sc-danger) 12%, var(--sc-bg));
    color: var(--sc-fg);
    font-size: 13px;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 8px 12px;
    border-block-end: 1px solid var(--sc-border);
    font-size: 14px;
  }
  .confirm span {
    flex: 1 1 100%;
  }
  .confirm button {
    padding: 6px 12px;
    border: 1px solid var(--sc-border);
    border-radius: 6px;
  }
  .confirm .primary {
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
    border-color: transparent;
  }
  .panes {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(224px, 1fr) 2fr;
    grid-template-rows: minmax(0, 1fr);
    min-block-size: 0;
  }
  .panes > * {
    min-block-size: 0;
    /* a grid item is otherwise at least as wide as its content (WebKit widens the conversation) */
    min-inline-size: 0;
  }
  @container (max-width: 640px) {
    .panes {
      grid-template-columns: minmax(0, 1fr);
    }
    .panes.has-chat salon-chat-inbox,
    .panes:not(.has-chat) .placeholder {
      display: none;
    }
  }
  .placeholder,
  .note {
    margin: auto;
    padding: 16px;
    color: var(--sc-muted);
    text-align: center;
  }
  .note p {
    margin: 0;
  }
  .note .promise {
    margin-block-start: 4px;
    color: var(--sc-fg);
  }
  .first {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-block-size: 0;
  }
  salon-chat-conversation {
    flex: 1;
  }
  .sign-in {
    display: grid;
    gap: 12px;
    padding: 16px;
  }
  .sign-in h2 {
    margin: 0;
    font-size: 16px;
  }
  label {
    display: grid;
    gap: 4px;
    font-size: 13.6px;
  }
  input {
    font: inherit;
    color: inherit;
    background: var(--sc-bg);
    padding: 8px;
    border: 1px solid var(--sc-border);
    border-radius: 6.4px;
  }
  .ask-contact {
    border-block-end: 1px solid var(--sc-border);
  }
  .ask-contact p {
    margin: 0;
  }
  .ask-contact .actions {
    display: flex;
    gap: 8px;
  }
  .ask-contact .actions button {
    flex: 1;
  }
  .first .link {
    margin: 4px auto 12px;
    background: none;
    color: inherit;
    text-decoration: underline;
  }
  .sign-in .link {
    background: none;
    color: inherit;
    font-weight: 400;
    text-decoration: underline;
  }
  .sign-in button {
    padding: 8.8px;
    border-radius: 6.4px;
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
    font-weight: 600;
  }
  [role='alert'] {
    color: var(--sc-danger);
    margin: 0;
  }
  @media ${phone} {
    input {
      font-size: max(16px, 1em);
    }
  }
`;
