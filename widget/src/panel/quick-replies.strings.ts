import { addCatalog, type Catalog } from '../kit.ts';

/** Quick replies in the staff composer and their manager (see `i18n.ts` for the format), added with the panel. */
export const quickReplyStrings = {
  en: {
    quickReplies: 'Quick replies',
    noQuickReply: 'No quick reply starts with /{query}',
    quickRepliesFailed: 'Quick replies could not be loaded',
    manageQuickReplies: 'Manage quick replies',
    sharedReplies: 'Shared with the salon',
    myReplies: 'My own',
    addQuickReply: 'Add a quick reply',
    editQuickReply: 'Edit /{shortcut}',
    deleteQuickReply: 'Delete /{shortcut}',
    shortcut: 'Shortcut',
    replyTitle: 'Title (optional)',
    replyText: 'Text',
    replyFor: 'For',
    forMe: 'Me only',
    forSalon: 'The whole salon',
    save: 'Save',
    close: 'Close',
    placeholdersHelp: 'Filled in when inserted: {first_name} the customer’s first name, {salon} the salon, {hours} its opening hours, {my_name} your name.',
  },
  fr: `Réponses rapides
Aucune réponse rapide ne commence par /{query}
Les réponses rapides n’ont pas pu être chargées
Gérer les réponses rapides
Partagées avec le salon
Les miennes
Ajouter une réponse rapide
Modifier /{shortcut}
Supprimer /{shortcut}
Raccourci
Titre (facultatif)
Texte
Pour
Moi seul·e
Tout le salon
Enregistrer
Fermer
Remplis à l’insertion : {first_name} le prénom du client, {salon} le salon, {hours} ses horaires, {my_name} votre nom.`,
  ar: `ردود سريعة
لا يوجد رد سريع يبدأ بـ /{query}
تعذّر تحميل الردود السريعة
إدارة الردود السريعة
مشتركة مع الصالون
ردودي
إضافة رد سريع
تعديل /{shortcut}
حذف /{shortcut}
الاختصار
العنوان (اختياري)
النص
لمن
لي وحدي
الصالون كله
حفظ
إغلاق
تُملأ عند الإدراج: {first_name} الاسم الأول للعميل، {salon} الصالون، {hours} ساعات العمل، {my_name} اسمك.`,
} satisfies Catalog;

addCatalog(quickReplyStrings);
