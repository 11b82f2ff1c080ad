import { css } from '../kit.ts';

export const messagesStyles = css`
  :host {
    position: relative;
    display: flex;
    flex-direction: column;
    min-block-size: 0;
    flex: 1;
  }
  .scroller {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding-inline: 12px;
  }
  .row {
    display: flow-root;
    padding-block: 4px;
  }
  .older,
  .empty {
    text-align: center;
    color: var(--sc-muted);
    font-size: 13.6px;
    padding: 8px;
  }
  .day {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-block: 8px 4px;
    color: var(--sc-muted);
    font-size: 12px;
    font-weight: 600;
  }
  .day::before,
  .day::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid var(--sc-border);
  }
  .unread-line {
    color: var(--sc-danger);
  }
  .unread-line::before,
  .unread-line::after {
    border-color: currentColor;
  }
  .new-below {
    position: absolute;
    inset-block-end: 12px;
    inset-inline-start: 50%;
    translate: -50%;
    padding: 6px 14px;
    border-radius: 999px;
    background: var(--sc-accent);
    color: var(--sc-accent-fg);
    font-size: 13px;
    font-weight: 600;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }
  :dir(rtl) .new-below {
    translate: 50%;
  }
  .line {
    display: flex;
    align-items: flex-end;
    gap: 8px;
  }
  .grouped {
    margin-block-start: -4px;
  }
  .avatar {
    flex: none;
    inline-size: 28px;
    block-size: 28px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 11px;
    font-weight: 700;
    background: color-mix(in srgb, var(--sc-accent) 18%, var(--sc-bg));
    color: var(--sc-fg);
  }
  .grouped .avatar {
    background: none;
  }
  .msg {
    position: relative;
    max-inline-size: 80%;
    inline-size: fit-content;
    padding: 7.2px 11.2px;
    border-radius: var(--sc-radius);
    background: var(--sc-bubble);
    color: var(--sc-fg);
    overflow-wrap: anywhere;
  }
  .msg:focus-visible {
    outline: 2px solid var(--sc-accent);
    outline-offset: 2px;
  }
  .msg.mine {
    margin-inline-start: auto;
    background: var(--sc-bubble-mine);
    color: var(--sc-bubble-mine-fg);
  }
  .msg.note {
    background: var(--sc-note);
    color: var(--sc-note-fg);
    border: 1px dashed currentColor;
  }
  .note-badge {
    display: flex;
    align-items: center;
    gap: 4px;
    font-size: 12px;
    font-weight: 600;
  }
  .note-badge svg {
    inline-size: 14px;
    block-size: 14px;
  }
  .msg p {
    margin: 0;
    white-space: pre-wrap;
  }
  .name {
    display: block;
    font-size: 12px;
    font-weight: 600;
  }
  .quote {
    margin: 0 0 4.8px;
    padding: 3.2px 8px;
    border-inline-start: 3px solid currentColor;
    font-size: 13.6px;
    opacity: 0.9;
  }
  .image img {
    display: block;
    max-inline-size: 100%;
    inline-size: 224px;
    block-size: 160px;
    object-fit: cover;
    border-radius: calc(var(--sc-radius) / 2);
  }
  .file {
    display: flex;
    align-items: center;
    gap: 8px;
    color: inherit;
  }
  audio {
    max-inline-size: 100%;
  }
  .card {
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .card img {
    inline-size: 48px;
    block-size: 48px;
    object-fit: cover;
    border-radius: 6.4px;
  }
  .card div {
    display: grid;
    font-size: 13.6px;
  }
  .card .here {
    font-size: 12.8px;
  }
  .card .calendar {
    display: inline-flex;
    justify-self: start;
    align-items: center;
    gap: 4px;
    margin-block-start: 4px;
    font-weight: 600;
  }
  .card .calendar svg {
    inline-size: 16px;
    block-size: 16px;
  }
  .card .kind {
    font-size: 11.2px;
    text-transform: uppercase;
  }
  footer {
    display: flex;
    gap: 5.6px;
    align-items: center;
    justify-content: flex-end;
    font-size: 11.2px;
    min-block-size: 24px;
  }
  time .full,
  .msg:is(:hover, :focus-within) time .short {
    display: none;
  }
  .msg:is(:hover, :focus-within) time .full {
    display: inline;
  }
  .reply {
    visibility: hidden;
  }
  .msg:is(:hover, :focus-within) .reply {
    visibility: visible;
  }
  @media (hover: none) {
    .reply {
      visibility: visible;
    }
  }
  .tick {
    flex: none;
    white-space: nowrap;
  }
  .tick.read {
    font-weight: 700;
  }
  .failed {
    font-weight: 700;
  }
  .link {
    text-decoration: underline;
    white-space: nowrap;
  }
  .icon.small {
    inline-size: 24px;
    block-size: 24px;
  }
  .icon.small svg {
    inline-size: 14.4px;
    block-size: 14.4px;
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
