import { css } from '../kit.ts';

/** Each row of the inbox is this tall, so that only the rows on screen need to exist. */
export const ROW_HEIGHT = 64;

export const inboxStyles = css`
  :host {
    display: grid;
    grid-template-rows: auto minmax(0, 1fr) auto;
    min-block-size: 0;
    border-inline-end: 1px solid var(--sc-border);
  }
  .tabs {
    display: flex;
    gap: 4px;
    padding: 8px 8px 0;
  }
  .tabs button {
    flex: 1;
    padding: 4.8px;
    border-radius: 6.4px;
  }
  .tabs [aria-pressed='true'] {
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
  }
  .views button {
    display: flex;
    flex-direction: column;
    align-items: center;
    flex: 1 1 0;
    min-inline-size: 0;
    padding: 4px 0;
    line-height: 1.2;
  }
  .views {
    gap: 2px;
  }
  .views .count {
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .views .label {
    max-inline-size: 100%;
    font-size: 11.5px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .search {
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 8px;
    border-block-end: 1px solid var(--sc-border);
  }
  .search input {
    flex: 1;
    min-inline-size: 0;
    font: inherit;
    color: inherit;
    background: var(--sc-bg);
    padding: 6px 10px;
    border: 1px solid var(--sc-border);
    border-radius: 999px;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  li:not(.spacer) {
    block-size: ${ROW_HEIGHT}px;
  }
  li button {
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 2.4px 8px;
    align-items: center;
    inline-size: 100%;
    block-size: 100%;
    text-align: start;
    padding: 9.6px 12px;
    border-block-end: 1px solid var(--sc-border);
  }
  li button:hover,
  li button[aria-current='true'] {
    background: var(--sc-hover);
  }
  .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .preview,
  time {
    font-size: 12.8px;
    color: var(--sc-muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .preview {
    grid-column: 2;
  }
  time.waiting {
    color: var(--sc-danger);
    font-weight: 600;
  }
  li .badge {
    justify-self: end;
  }
  .empty {
    padding: 16px;
    color: var(--sc-muted);
  }
`;
