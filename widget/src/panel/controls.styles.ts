import { css } from '../kit.ts';
import { phone } from './phone.ts';

/**
 * Round icon buttons and presence dots, wherever the panel draws them. On a phone, or under a
 * finger, every button is at least 44 px square (the icon stays its size).
 */
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
  @media ${phone}, (pointer: coarse) {
    .icon {
      min-inline-size: 44px;
      min-block-size: 44px;
    }
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
