import { addCatalog, type Catalog } from '../kit.ts';

/** Starting a conversation with a customer, in staff mode (see `i18n.ts` for the format), added with the panel. */
export const newChatStrings = {
  en: {
    newChat: 'New conversation',
    findCustomer: 'Find a customer: name, phone or e-mail',
    noCustomer: 'No customer of the salon matches',
    writeTo: 'To {name}',
    otherCustomer: 'Someone else',
    firstMessage: 'First message',
    startChat: 'Start the conversation',
  },
  fr: `Nouvelle conversation
Chercher un client : nom, téléphone ou e-mail
Aucun client du salon ne correspond
À {name}
Quelqu’un d’autre
Premier message
Commencer la conversation`,
  ar: `محادثة جديدة
ابحث عن عميل: الاسم أو الهاتف أو البريد الإلكتروني
لا يوجد عميل للصالون مطابق
إلى {name}
شخص آخر
الرسالة الأولى
ابدأ المحادثة`,
} satisfies Catalog;

addCatalog(newChatStrings);
