import { css } from 'lit';

/** Resets and helpers every part of the widget uses. */
export const shared = css`
  * {
    box-sizing: border-box;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
  }
  button:focus-visible,
  textarea:focus-visible,
  input:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--sc-accent);
    outline-offset: 2px;
  }
  .icon {
    display: inline-grid;
    place-items: center;
    inline-size: 2.25rem;
    block-size: 2.25rem;
    border-radius: 50%;
  }
  .icon:hover {
    background: var(--sc-hover);
  }
  svg {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .dot {
    display: inline-block;
    inline-size: 0.6rem;
    block-size: 0.6rem;
    border-radius: 50%;
    background: var(--sc-muted);
  }
  .dot.on {
    background: var(--sc-online);
  }
  .badge {
    min-inline-size: 1.25rem;
    padding: 0 0.35rem;
    border-radius: 0.625rem;
    background: var(--sc-badge);
    color: #fff;
    font-size: 0.75rem;
    line-height: 1.25rem;
    text-align: center;
    font-weight: 600;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
