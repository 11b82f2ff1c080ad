import { css } from '../kit.ts';

/** Round icon buttons and presence dots, wherever the panel draws them. */
export const controls = css`
  .icon {
    display: inline-grid;
    place-items: center;
    inline-size: 36px;
    block-size: 36px;
    border-radius: 50%;
  }
  .icon:hover {
    background: var(--sc-hover);
  }
  .dot {
    display: inline-block;
    inline-size: 9.6px;
    block-size: 9.6px;
    border-radius: 50%;
    background: var(--sc-muted);
  }
  .dot.on {
    background: var(--sc-online);
  }
`;
