import { css } from '../kit.ts';

/** The "PDF" tag of a document, in a message and in the composer. */
export const docStyles = css`
  .doc {
    flex: none;
    padding: 6px 4px;
    border-radius: 4px;
    background: var(--sc-danger);
    color: var(--sc-bg);
    font-size: 10px;
    font-weight: 700;
  }
`;
