import { addCatalog, type Catalog } from '../kit.ts';

/** The staff inbox's alerts (see `i18n.ts` for the format), added with the panel. */
export const alertStrings = {
  en: {
    sound: 'Sound',
    soundWaits: 'Sound plays after your first click on the page',
    turnOnAlerts: 'Turn on desktop alerts',
    desktopAlerts: 'Desktop alerts',
    alertsBlocked: "Desktop alerts are blocked: allow notifications for this site in the browser's settings",
    newChatFrom: 'New chat: {name}',
    moreWaiting: '{n} more',
  },
  fr: `Son
Le son jouera après votre premier clic sur la page
Activer les alertes sur le bureau
Alertes sur le bureau
Les alertes sur le bureau sont bloquées : autorisez les notifications de ce site dans les réglages du navigateur
Nouvelle discussion : {name}
{n} de plus`,
  ar: `الصوت
يعمل الصوت بعد أول نقرة على الصفحة
تفعيل تنبيهات سطح المكتب
تنبيهات سطح المكتب
تنبيهات سطح المكتب محظورة: اسمح بالإشعارات لهذا الموقع في إعدادات المتصفح
محادثة جديدة: {name}
{n} آخرون`,
} satisfies Catalog;

addCatalog(alertStrings);
