import { css } from '../kit.ts';

export const composerStyles = css`
  :host {
    display: block;
    border-block-start: 1px solid var(--sc-border);
    padding: 0.5rem;
    position: relative;
  }
  .reply {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.85rem;
    padding: 0.25rem 0.5rem;
    border-inline-start: 3px solid var(--sc-accent);
    margin-block-end: 0.5rem;
  }
  .reply span {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row {
    display: flex;
    align-items: flex-end;
    gap: 0.25rem;
  }
  textarea {
    flex: 1;
    resize: none;
    font: inherit;
    color: inherit;
    background: var(--sc-bg);
    border: 1px solid var(--sc-border);
    border-radius: 1.1rem;
    padding: 0.45rem 0.75rem;
    max-block-size: 8rem;
    field-sizing: content;
    min-block-size: 2.25rem;
  }
  .send {
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
  }
  :dir(rtl) .send svg {
    transform: scaleX(-1);
  }
  [aria-pressed='true'] {
    color: var(--sc-danger);
  }
  .picker {
    position: absolute;
    inset-inline: 0.5rem;
    inset-block-end: 100%;
    max-block-size: 16rem;
    overflow: auto;
    background: var(--sc-bg);
    border: 1px solid var(--sc-border);
    border-radius: var(--sc-radius);
    padding: 0.5rem;
  }
  .picker button {
    padding: 0.3rem 0.6rem;
    margin: 0.15rem;
    border-radius: 0.4rem;
    border: 1px solid var(--sc-border);
  }
  .picker [aria-pressed='true'] {
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
  }
  .item {
    display: block;
    text-align: start;
  }
  .muted {
    color: var(--sc-muted);
    font-size: 0.85rem;
  }
`;
