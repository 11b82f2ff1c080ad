import { css } from '../kit.ts';

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
    inset-block-end: calc(var(--sc-offset) + 4.5rem);
    inset-inline-end: var(--sc-offset);
    inline-size: min(var(--salon-chat-width, 24rem), calc(100vw - 2 * var(--sc-offset)));
    block-size: min(var(--salon-chat-height, 36rem), calc(100vh - 6.5rem));
    border-radius: var(--sc-radius);
    box-shadow: 0 8px 30px rgb(0 0 0 / 0.25);
    animation: rise 0.18s ease-out;
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
      transform: translateY(1rem);
    }
  }
  .bar {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.6rem 0.75rem;
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
  }
  .bar h2 {
    margin: 0;
    font-size: 1rem;
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .status {
    font-size: 0.75rem;
  }
  .panes {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(14rem, 1fr) 2fr;
    min-block-size: 0;
  }
  .panes > * {
    min-block-size: 0;
  }
  @container (max-width: 40rem) {
    .panes {
      grid-template-columns: 1fr;
    }
    .panes.has-chat salon-chat-inbox,
    .panes:not(.has-chat) .placeholder {
      display: none;
    }
  }
  .placeholder,
  .note {
    margin: auto;
    padding: 1rem;
    color: var(--sc-muted);
    text-align: center;
  }
  .staff-list {
    display: grid;
    gap: 0.5rem;
    padding: 1rem;
  }
  .staff-list button {
    padding: 0.6rem;
    border: 1px solid var(--sc-border);
    border-radius: 0.5rem;
    text-align: start;
  }
  salon-chat-conversation {
    flex: 1;
  }
  .sign-in {
    display: grid;
    gap: 0.75rem;
    padding: 1rem;
  }
  .sign-in h2 {
    margin: 0;
    font-size: 1rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.85rem;
  }
  input {
    font: inherit;
    color: inherit;
    background: var(--sc-bg);
    padding: 0.5rem;
    border: 1px solid var(--sc-border);
    border-radius: 0.4rem;
  }
  .sign-in button {
    padding: 0.55rem;
    border-radius: 0.4rem;
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
    font-weight: 600;
  }
  [role='alert'] {
    color: var(--sc-danger);
    margin: 0;
  }
`;
