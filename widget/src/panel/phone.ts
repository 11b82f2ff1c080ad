import { unsafeCSS } from '../kit.ts';

/**
 * A phone's screen, upright or on its side (a phone held sideways is wide but only a few hundred
 * pixels tall): the open customer panel takes all of it, and text fields are at least 16 px so
 * that mobile browsers do not zoom in on them.
 */
export const PHONE_QUERY = '(max-width: 600px), (max-height: 500px)';

export const phone = unsafeCSS(PHONE_QUERY);
