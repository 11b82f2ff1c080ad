import { svg } from 'lit';

/** A line icon (24×24, drawn with the current colour); always decorative, the buttons carry labels. */
export const icon = (d: string) => svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d=${d}></path></svg>`;

/** The launcher's icon; the panel brings the others (`panel/icons.ts`). */
export const chatIcon = icon('M4 5h16v11H9l-5 4z');
