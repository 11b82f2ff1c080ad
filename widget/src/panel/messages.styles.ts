import { css } from '../kit.ts';

export const messagesStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-block-size: 0;
    flex: 1;
  }
  .scroller {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding-inline: 0.75rem;
  }
  .row {
    display: flow-root;
    padding-block: 0.25rem;
  }
  .older,
  .empty {
    text-align: center;
    color: var(--sc-muted);
    font-size: 0.85rem;
    padding: 0.5rem;
  }
  .msg {
    max-inline-size: 80%;
    inline-size: fit-content;
    padding: 0.45rem 0.7rem;
    border-radius: var(--sc-radius);
    background: var(--sc-bubble);
    color: var(--sc-fg);
    overflow-wrap: anywhere;
  }
  .msg.mine {
    margin-inline-start: auto;
    background: var(--sc-bubble-mine);
    color: var(--sc-bubble-mine-fg);
  }
  .msg p {
    margin: 0;
    white-space: pre-wrap;
  }
  .name {
    display: block;
    font-size: 0.75rem;
    font-weight: 600;
  }
  .quote {
    margin: 0 0 0.3rem;
    padding: 0.2rem 0.5rem;
    border-inline-start: 3px solid currentColor;
    font-size: 0.85rem;
    opacity: 0.9;
  }
  .image img {
    display: block;
    max-inline-size: 100%;
    inline-size: 14rem;
    block-size: 10rem;
    object-fit: cover;
    border-radius: calc(var(--sc-radius) / 2);
  }
  audio {
    max-inline-size: 100%;
  }
  .card {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .card img {
    inline-size: 3rem;
    block-size: 3rem;
    object-fit: cover;
    border-radius: 0.4rem;
  }
  .card div {
    display: grid;
    font-size: 0.85rem;
  }
  .card .kind {
    font-size: 0.7rem;
    text-transform: uppercase;
  }
  footer {
    display: flex;
    gap: 0.35rem;
    align-items: center;
    justify-content: flex-end;
    font-size: 0.7rem;
    min-block-size: 1.5rem;
  }
  .tick.read {
    font-weight: 700;
  }
  .failed {
    font-weight: 700;
  }
  .link {
    text-decoration: underline;
  }
  .icon.small {
    inline-size: 1.5rem;
    block-size: 1.5rem;
  }
  .icon.small svg {
    inline-size: 0.9rem;
    block-size: 0.9rem;
  }
  :dir(rtl) .icon.small svg {
    transform: scaleX(-1);
  }
  progress {
    inline-size: 100%;
  }
  a {
    color: inherit;
  }
`;
