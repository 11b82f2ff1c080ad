import { html, nothing } from '../kit.ts';
import type { Translate } from '../i18n.ts';
import type { Appointment, Pack, Product } from '../client/types.ts';
import { startsAt } from './dates.ts';
import { price } from './message.ts';

export type Kind = 'appointment' | 'product' | 'pack';
export type Entity = Appointment | Product | Pack;

export const KINDS: Kind[] = ['appointment', 'product', 'pack'];

/** What is worth offering: appointments still to come, soonest first; the whole catalogue otherwise. */
export function offered(kind: Kind, all: Entity[], now = Date.now()): Entity[] {
  if (kind !== 'appointment') return all;
  return (all as Appointment[]).filter((a) => Date.parse(a.starts_at) > now).sort((a, b) => a.starts_at.localeCompare(b.starts_at));
}

/** An entry's name, and what tells it apart: an appointment's time and stylist, a product's price. */
function describe(e: Entity, lang: string): [string, string] {
  const a = e as Appointment;
  if (a.service) return [a.service, [startsAt(a.starts_at, lang).at, a.staff_name].filter(Boolean).join(' · ')];
  const p = e as Product;
  return [p.name, price(p.price, p.currency, lang)];
}

export interface PickerView {
  t: Translate;
  /** The kind shown ('' before one is chosen). */
  kind: Kind | '';
  /** What that kind offers; null while it loads. */
  entities: Entity[] | null;
  choose(kind: Kind): void;
  share(entity: Entity): void;
  close(): void;
}

/** The share picker: a kind, then one of its entries, with loading and empty states. */
export function renderPicker(v: PickerView) {
  const { t } = v;
  const body = !v.kind
    ? nothing
    : v.entities === null
      ? html`<p class="muted" role="status">${t('loading')}</p>`
      : v.entities.length === 0
        ? html`<p class="muted" role="status">${t(v.kind === 'appointment' ? 'noAppointments' : 'nothingToShare')}</p>`
        : v.entities.map((e) => {
            const [title, detail] = describe(e, t.lang);
            return html`<button class="item" @click=${() => v.share(e)}>
              <span dir="auto">${title}</span> · <span class="muted" dir="auto">${detail}</span>
            </button>`;
          });
  return html`<div class="picker" role="dialog" aria-label=${t('share')} @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), v.close())}>
    <div>${KINDS.map((k) => html`<button aria-pressed=${v.kind === k} @click=${() => v.choose(k)}>${t(k)}</button>`)}</div>
    ${body}
  </div>`;
}
