import { css } from '../kit.ts';
import { phone } from './phone.ts';

export const composerStyles = css`
  :host {
    display: block;
    border-block-start: 1px solid var(--sc-border);
    padding: 8px;
    position: relative;
  }
  .reply {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 13.6px;
    padding: 4px 8px;
    border-inline-start: 3px solid var(--sc-accent);
    margin-block-end: 8px;
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
    gap: 4px;
  }
  textarea {
    flex: 1;
    min-inline-size: 0;
    resize: none;
    font: inherit;
    color: inherit;
    background: var(--sc-bg);
    border: 1px solid var(--sc-border);
    border-radius: 17.6px;
    padding: 7.2px 12px;
    max-block-size: 128px;
    field-sizing: content;
    min-block-size: 36px;
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
  .note-switch[aria-pressed='true'] {
    background: var(--sc-note);
    color: var(--sc-note-fg);
  }
  .write {
    flex: 1;
    min-inline-size: 0;
    display: flex;
    align-items: flex-end;
    gap: inherit;
  }
  /* staff have one button more (the note switch): on a narrow widget the box and its send button take a line of their own */
  :host([staff]) .row {
    flex-wrap: wrap;
  }
  :host([staff]) .write {
    min-inline-size: 200px;
  }
  .note textarea {
    background: var(--sc-note);
    color: var(--sc-note-fg);
    border-style: dashed;
  }
  .attached {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-block-end: 8px;
    font-size: 13px;
  }
  .attached img {
    inline-size: 56px;
    block-size: 56px;
    object-fit: cover;
    border-radius: 8px;
  }
  .file-name {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .recording {
    align-items: center;
    justify-content: space-between;
  }
  .clock {
    display: flex;
    align-items: center;
    gap: 8px;
    font-variant-numeric: tabular-nums;
  }
  .rec {
    inline-size: 10px;
    block-size: 10px;
    border-radius: 50%;
    background: var(--sc-danger);
  }
  .picker {
    position: absolute;
    inset-inline: 8px;
    inset-block-end: 100%;
    max-block-size: 256px;
    overflow: auto;
    background: var(--sc-bg);
    border: 1px solid var(--sc-border);
    border-radius: var(--sc-radius);
    padding: 8px;
  }
  .picker button {
    padding: 4.8px 9.6px;
    margin: 2.4px;
    border-radius: 6.4px;
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
    font-size: 13.6px;
  }
  .notice {
    margin: 0 0 6px;
    color: var(--sc-danger);
    font-size: 13px;
  }
  @media ${phone} {
    textarea {
      font-size: max(16px, 1em);
    }
  }
  @media ${phone}, (pointer: coarse) {
    textarea {
      min-block-size: 44px;
    }
    /* the 44 px buttons' own room around their icons is gap enough; the box keeps one line */
    .row {
      gap: 0;
    }
  }
`;
