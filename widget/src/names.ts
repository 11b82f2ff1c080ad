/**
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), with which
 * a name can show its letters in another order ("gnp.exe" read as "exe.png"). The marks U+200E and
 * U+200F reorder nothing and stay.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * A name or a chat's title as the widget shows it, whichever server sent it: without bidirectional
 * controls ('' for none). It goes in an element of its own direction (`dir="auto"`), so that a
 * right-to-left name reads as it should and turns nothing around it.
 */
export function shownName(name: string | null | undefined): string {
  return name ? name.replace(BIDI_CONTROLS, '') : '';
}
