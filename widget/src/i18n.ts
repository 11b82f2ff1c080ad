/**
 * Every string the widget shows. English is the reference: its keys name the strings, and each
 * other language lists its translations one per line in the same order (a unit test checks
 * the counts and the placeholders). Kept this compact because it ships inside the widget.
 */
const en = {
  chat: 'Chat',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: '{n} unread',
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Reconnecting…',
  polling: 'Connected (slow mode)',
  offline: 'Offline',
  unauthorized: 'Signed out',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  attachImage: 'Send a photo',
  record: 'Record a voice note',
  stopRecording: 'Stop and send the voice note',
  share: 'Share',
  appointment: 'Appointment',
  product: 'Product',
  pack: 'Pack',
  reply: 'Reply',
  replyingTo: 'Replying to {name}',
  cancelReply: 'Cancel reply',
  retry: 'Retry',
  discard: 'Delete',
  failed: 'Not sent',
  sending: 'Sending',
  uploading: 'Uploading {p}%',
  sent: 'Sent',
  read: 'Read',
  typing: '{name} is typing…',
  someone: 'Someone',
  you: 'You',
  image: 'Photo',
  voice: 'Voice note',
  file: 'File',
  openImage: 'Open the full photo',
  loadingOlder: 'Loading earlier messages…',
  empty: 'No messages yet. Say hello!',
  conversations: 'Conversations',
  active: 'Active',
  archived: 'Archived',
  archive: 'Archive',
  unarchive: 'Restore',
  back: 'Back to conversations',
  noChats: 'No conversations',
  isOnline: 'online',
  isOffline: 'offline',
  pickChat: 'Choose a conversation',
  chooseStaff: 'Who would you like to write to?',
  signInTitle: 'Sign in to chat with the salon',
  phone: 'Phone number',
  password: 'Password',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInFailed: 'Wrong phone number or password',
  notify: 'Notify me of new messages',
  newMessage: 'New message',
};

export type Strings = typeof en;
export type StringKey = keyof Strings;

const KEYS = Object.keys(en) as StringKey[];

const fr = `Discussion
Ouvrir la discussion
Fermer la discussion
{n} non lu(s)
Connexion…
Connecté
Reconnexion…
Connecté (mode lent)
Hors ligne
Déconnecté
Message
Écrivez un message…
Envoyer
Envoyer une photo
Enregistrer un message vocal
Arrêter et envoyer le message vocal
Partager
Rendez-vous
Produit
Forfait
Répondre
Réponse à {name}
Annuler la réponse
Réessayer
Supprimer
Non envoyé
Envoi
Envoi {p} %
Envoyé
Lu
{name} écrit…
Quelqu'un
Vous
Photo
Message vocal
Fichier
Ouvrir la photo en grand
Chargement des messages précédents…
Aucun message pour l’instant. Dites bonjour !
Conversations
En cours
Archivées
Archiver
Restaurer
Retour aux conversations
Aucune conversation
en ligne
hors ligne
Choisissez une conversation
À qui voulez-vous écrire ?
Connectez-vous pour discuter avec le salon
Numéro de téléphone
Mot de passe
Se connecter
Se déconnecter
Numéro ou mot de passe incorrect
Me prévenir des nouveaux messages
Nouveau message`;

const ar = `المحادثة
فتح المحادثة
إغلاق المحادثة
{n} غير مقروءة
جارٍ الاتصال…
متصل
جارٍ إعادة الاتصال…
متصل (وضع بطيء)
غير متصل
تم تسجيل الخروج
رسالة
اكتب رسالة…
إرسال
إرسال صورة
تسجيل رسالة صوتية
إيقاف وإرسال الرسالة الصوتية
مشاركة
موعد
منتج
باقة
رد
رد على {name}
إلغاء الرد
إعادة المحاولة
حذف
لم تُرسل
جارٍ الإرسال
جارٍ الرفع {p}٪
أُرسلت
قُرئت
{name} يكتب…
شخص ما
أنت
صورة
رسالة صوتية
ملف
فتح الصورة كاملة
جارٍ تحميل الرسائل السابقة…
لا توجد رسائل بعد. قل مرحبًا!
المحادثات
النشطة
المؤرشفة
أرشفة
استعادة
العودة إلى المحادثات
لا توجد محادثات
متصل الآن
غير متصل
اختر محادثة
لمن تريد أن تكتب؟
سجّل الدخول للتحدث مع الصالون
رقم الهاتف
كلمة المرور
تسجيل الدخول
تسجيل الخروج
رقم الهاتف أو كلمة المرور غير صحيحة
أعلمني بالرسائل الجديدة
رسالة جديدة`;

const lines = (text: string) => Object.fromEntries(text.split('\n').map((s, i) => [KEYS[i], s])) as Strings;

/** The catalogs by language code. */
export const catalogs: Record<string, () => Strings> = { en: () => en, fr: () => lines(fr), ar: () => lines(ar) };

function make(base: string) {
  const known = base in catalogs;
  const strings = catalogs[known ? base : 'en']();
  const t = (key: StringKey, params: Record<string, string | number> = {}) =>
    strings[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  return Object.assign(t, { lang: known ? base : 'en', dir: base === 'ar' ? 'rtl' : 'ltr' });
}

export type Translate = ReturnType<typeof make>;

const translators = new Map<string, Translate>();

/** The translator for the language closest to `lang` (falls back to English). */
export function translator(lang: string): Translate {
  const base = lang.toLowerCase().split('-')[0];
  let t = translators.get(base);
  if (!t) translators.set(base, (t = make(base)));
  return t;
}
