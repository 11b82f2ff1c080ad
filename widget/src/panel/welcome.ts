import { css, html, nothing, shownName } from '../kit.ts';
import type { Translate } from '../i18n.ts';
import type { Salon, SalonSettings } from '../client/types.ts';
import { initials } from './message.ts';

/** The salon's texts that come in other languages too, and where their translations are. */
const TRANSLATED = { greeting: 'greetings', away_message: 'away_messages', reply_time: 'reply_times' } as const;

/** A salon's text in the language the widget speaks, else the salon's default (server extension); null when it has none. */
export function salonText(settings: SalonSettings | undefined, key: keyof typeof TRANSLATED, lang: string): string | null {
  if (!settings) return null;
  return settings[TRANSLATED[key]]?.[lang] || settings[key] || null;
}

/** Under the salon's name: online now, or what the salon says when nobody of its staff is. */
export function availability(settings: SalonSettings | undefined, online: boolean, t: Translate): string {
  if (online) return t('onlineNow');
  const replyTime = salonText(settings, 'reply_time', t.lang);
  return salonText(settings, 'away_message', t.lang) ?? (replyTime ? t('awayReplyTime', { time: replyTime }) : t('awayLater'));
}

/** How many of the team the welcome shows. */
const TEAM_SHOWN = 5;

/**
 * The empty conversation's welcome, before the first message: the salon's team (initials), its
 * greeting in the widget's language, and when it answers, in full. The salon's texts take their
 * own direction (`dir="auto"`): Arabic reads from the right, an English default in an Arabic
 * widget from the left.
 */
export function renderWelcome(salon: Salon | null, t: Translate) {
  const settings = salon?.settings;
  const greeting = salonText(settings, 'greeting', t.lang);
  const replyTime = salonText(settings, 'reply_time', t.lang);
  const team = (salon?.staff ?? []).slice(0, TEAM_SHOWN);
  return html`<div class="note welcome" part="welcome">
    ${team.length
      ? html`<ul class="team" aria-label=${t('team')}>
          ${team.map((s) => html`<li><span class="avatar" role="img" aria-label=${shownName(s.name)} title=${shownName(s.name)}>${initials(shownName(s.name))}</span></li>`)}
        </ul>`
      : nothing}
    <p class="greeting" dir="auto">${greeting ?? t('empty')}</p>
    ${replyTime ? html`<p class="promise">${t('awayReplyTime', { time: replyTime })}</p>` : nothing}
  </div>`;
}

export const welcomeStyles = css`
  .welcome {
    display: grid;
    justify-items: start;
    gap: 8px;
    max-inline-size: 32em;
    text-align: start;
    /* a long greeting on a short screen scrolls, the composer below stays */
    min-block-size: 0;
    overflow-y: auto;
  }
  .welcome .greeting {
    justify-self: stretch;
    color: var(--sc-fg);
    overflow-wrap: anywhere;
    text-wrap: pretty;
  }
  .team {
    display: flex;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .team .avatar {
    inline-size: 36px;
    block-size: 36px;
    border-radius: 50%;
    display: grid;
    place-items: center;
    font-size: 13px;
    font-weight: 700;
    background: color-mix(in srgb, var(--sc-accent) 18%, var(--sc-bg));
    color: var(--sc-fg);
    border: 2px solid var(--sc-bg);
  }
  .team li + li {
    margin-inline-start: -8px;
  }
  .welcome .promise {
    margin: 0;
    color: var(--sc-fg);
    font-size: 13.6px;
    text-wrap: balance;
  }
`;
