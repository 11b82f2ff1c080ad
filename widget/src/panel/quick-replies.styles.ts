import { css } from '../kit.ts';
import { phone } from './phone.ts';

/** The list of quick replies above the composer's box (staff mode). */
export const menuStyles = css`
  .quick-replies {
    position: absolute;
    inset-inline: 8px;
    inset-block-end: 100%;
    z-index: 1;
    display: flex;
    flex-direction: column;
    max-block-size: min(288px, 60vh);
    background: var(--sc-bg);
    border: 1px solid var(--sc-border);
    border-radius: var(--sc-radius);
    box-shadow: 0 -4px 16px rgb(0 0 0 / 12%);
    overflow: hidden;
  }
  .quick-replies .muted {
    margin: 0;
    padding: 8px 12px;
  }
  [role='listbox'] {
    display: flex;
    flex-direction: column;
    min-block-size: 0;
  }
  .replies {
    overflow-y: auto;
    min-block-size: 0;
  }
  .quick-reply {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: 8px;
    padding-block: 6px;
    padding-inline: 9px 12px;
    cursor: pointer;
    font-size: 14px;
  }
  [role='option'] {
    border-inline-start: 3px solid transparent;
  }
  [role='option'][aria-selected='true'],
  [role='option']:hover {
    background: var(--sc-hover);
  }
  [role='option'][aria-selected='true'] {
    border-inline-start-color: var(--sc-accent);
  }
  .shortcut {
    font-weight: 600;
  }
  .quick-replies .title {
    color: var(--sc-fg);
  }
  .preview {
    grid-column: 1 / -1;
    color: var(--sc-muted);
    font-size: 13px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .manage {
    flex: none;
    padding-block: 8px;
    padding-inline: 9px 12px;
    border-block-start: 1px solid var(--sc-border);
    color: var(--sc-accent);
    font-size: 13.6px;
    cursor: pointer;
  }
  @media ${phone}, (pointer: coarse) {
    [role='option'],
    .manage {
      min-block-size: 44px;
    }
  }
`;

/** The dialog that manages quick replies. */
export const managerStyles = css`
  dialog {
    inline-size: min(32rem, calc(100vw - 16px));
    max-block-size: calc(100dvh - 16px);
    overflow-y: auto;
    padding: 12px 16px 16px;
    color: var(--sc-fg);
    background: var(--sc-bg);
    border: 1px solid var(--sc-border);
    border-radius: var(--sc-radius);
    font: inherit;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 35%);
  }
  .head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
  }
  h2 {
    margin: 0;
    font-size: 17px;
  }
  h3 {
    margin: 12px 0 4px;
    font-size: 13.6px;
    color: var(--sc-muted);
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: flex;
    align-items: flex-start;
    gap: 4px;
    padding: 6px 0;
    border-block-end: 1px solid var(--sc-border);
  }
  .text {
    flex: 1;
    min-inline-size: 0;
    font-size: 14px;
  }
  .text p {
    margin: 2px 0 0;
    color: var(--sc-muted);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  form {
    display: grid;
    gap: 8px;
  }
  label {
    display: grid;
    gap: 4px;
    font-size: 13.6px;
  }
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
    background: var(--sc-bg);
    border: 1px solid var(--sc-border);
    border-radius: 6.4px;
    padding: 6px 8px;
  }
  .help,
  .muted {
    margin: 0;
    color: var(--sc-muted);
    font-size: 12.8px;
  }
  .error {
    color: var(--sc-danger);
    font-size: 13.6px;
  }
  .actions {
    display: flex;
    gap: 8px;
  }
  .actions button,
  .add {
    padding: 6px 12px;
    border: 1px solid var(--sc-border);
    border-radius: 6px;
  }
  .add {
    margin-block: 8px 4px;
  }
  .primary {
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
    border-color: transparent;
  }
  @media ${phone} {
    input,
    textarea,
    select {
      font-size: max(16px, 1em);
    }
  }
`;
