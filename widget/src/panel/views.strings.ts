import { addCatalog, type Catalog } from '../kit.ts';

/** The staff inbox's views and a conversation's state (see `i18n.ts` for the format), added with the panel. */
export const viewStrings = {
  en: {
    viewUnanswered: 'Unanswered',
    viewMine: 'Mine',
    viewOpen: 'All open',
    viewResolved: 'Resolved',
    waitingFor: 'waiting {time}',
    resolve: 'Resolve',
    reopen: 'Reopen',
    resolved: 'Resolved',
    assignee: 'Assigned to',
    nobody: 'Nobody',
    me: '{name} (me)',
    guestCustomer: 'Guest',
    accountCustomer: 'Has an account',
  },
  fr: `Sans réponse
Les miennes
Toutes ouvertes
Résolues
attend depuis {time}
Résoudre
Rouvrir
Résolue
Attribuée à
Personne
{name} (moi)
Invité
A un compte`,
  ar: `بلا رد
محادثاتي
كل المفتوحة
المحلولة
ينتظر منذ {time}
تم الحل
إعادة الفتح
محلولة
مسندة إلى
لا أحد
{name} (أنا)
ضيف
لديه حساب`,
} satisfies Catalog;

addCatalog(viewStrings);
