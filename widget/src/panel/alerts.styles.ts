import { css } from '../kit.ts';

/** The staff inbox's row of alert controls under its header: switches and what they wait for. */
export const alertsStyles = css`
  .alerts {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 12px;
    padding: 6px 12px;
    border-block-end: 1px solid var(--sc-border);
    font-size: 13px;
  }
  .alerts button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 4px 8px;
    border-radius: 6px;
  }
  .alerts button:hover {
    background: var(--sc-hover);
  }
  .alerts svg {
    inline-size: 18px;
    block-size: 18px;
  }
  .alerts .turn-on {
    border: 1px solid var(--sc-accent);
    color: var(--sc-accent);
    font-weight: 600;
  }
  .track {
    position: relative;
    inline-size: 28px;
    block-size: 16px;
    border-radius: 8px;
    background: var(--sc-border);
    transition: background 0.15s;
  }
  .track::after {
    content: '';
    position: absolute;
    inset-block-start: 2px;
    inset-inline-start: 2px;
    inline-size: 12px;
    block-size: 12px;
    border-radius: 50%;
    background: var(--sc-bg);
    transition: inset-inline-start 0.15s;
  }
  [aria-checked='true'] .track {
    background: var(--sc-accent);
  }
  [aria-checked='true'] .track::after {
    inset-inline-start: 14px;
  }
  .hint {
    color: var(--sc-muted);
    font-size: 12px;
  }
`;
