import { addCatalog, type Catalog } from '../kit.ts';
import type { Translate } from '../i18n.ts';

/** The panel's strings (see `i18n.ts` for the format), added to the core's when the panel loads. */
export const panelStrings = {
  en: {
    connecting: 'Connecting…',
    online: 'Connected',
    reconnecting: 'Reconnecting…',
    polling: 'Connected (slow mode)',
    offline: 'Offline',
    unauthorized: 'Signed out',
    message: 'Message',
    placeholder: 'Write a message…',
    send: 'Send',
    attachImage: 'Send a photo or a PDF',
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
    closePhoto: 'Close the photo',
    fileTooLarge: 'Not sent: this file is too large',
    fileUnsupported: 'Not sent: this kind of file cannot be sent',
    fileRefused: 'Not sent: this file cannot be sent as it is',
    waitingForNetwork: 'Waiting for network…',
    yourTime: '{time} your time',
    addToCalendar: 'Add to calendar',
    guestSignOutConfirm: 'You are chatting as a guest, without a password. Signing out removes this conversation from this device and you cannot sign back in to it; messages not yet sent are deleted.',
    guestSignOut: 'Sign out and remove',
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
    signInTitle: 'Sign in to chat with the salon',
    phone: 'Phone number',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signInFailed: 'Wrong phone number or password',
    notify: 'Notify me of new messages',
    signOutConfirm: 'Sign out of the chat on this device?',
    cancel: 'Cancel',
    removeAttachment: 'Remove the attachment',
    onlyPhotosAndPdf: 'Only photos and PDF files can be sent',
    cancelRecording: 'Cancel the voice note',
    recording: 'Recording',
    caption: 'Add a caption…',
    yourName: 'Your name',
    contact: 'Phone or e-mail, for our answer',
    haveAccount: 'I have an account',
    asGuest: 'Chat without an account',
    onlineNow: 'Online now',
    awayReplyTime: 'We usually answer {time}',
    awayLater: 'We will answer as soon as we can',
    newMessages: 'New messages',
    loading: 'Loading…',
    noAppointments: 'No appointments to come',
    nothingToShare: 'Nothing to share yet',
    searchChats: 'Search customers and messages',
    noMatch: 'No conversation matches',
    tryAgainIn: 'Too many attempts: try again in {s} s',
    notSentTryAgain: 'Not sent: check your connection and send it again',
    historyFailed: 'The messages could not be loaded.',
    microphoneUnavailable: 'The microphone is not available: allow it in your browser to record a voice note',
    noMicrophone: 'No microphone could be used on this device to record a voice note',
    searchTooBroad: 'Too many messages contain these words: search for more of them',
    searchBusy: 'The search is busy: try again in a moment',
    linkRefused: 'This link cannot open the conversation',
    linkStartBelow: 'Start a new conversation below, or sign in.',
    linkOtherChats: 'Your conversation on this device is below.',
    contactWhy: 'So we can tell you when we answer: how can we reach you?',
    saveContact: 'Save',
    skip: 'Not now',
    team: 'Our team',
    note: 'Note',
    noteHint: 'Write an internal note: only the salon sees it',
    notePlaceholder: 'Internal note for the team…',
    noteBadge: 'Note · only the salon sees this',
  },
  fr: `Connexion…
Connecté
Reconnexion…
Connecté (mode lent)
Hors ligne
Déconnecté
Message
Écrivez un message…
Envoyer
Envoyer une photo ou un PDF
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
Fermer la photo
Non envoyé : ce fichier est trop volumineux
Non envoyé : ce type de fichier ne peut pas être envoyé
Non envoyé : ce fichier ne peut pas être envoyé tel quel
En attente du réseau…
{time} à votre heure
Ajouter au calendrier
Vous discutez en tant qu’invité, sans mot de passe. Vous déconnecter retire cette conversation de cet appareil et vous ne pourrez pas vous y reconnecter ; les messages pas encore envoyés sont supprimés.
Se déconnecter et retirer
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
Connectez-vous pour discuter avec le salon
Numéro de téléphone
Mot de passe
Se connecter
Se déconnecter
Numéro ou mot de passe incorrect
Me prévenir des nouveaux messages
Se déconnecter de la discussion sur cet appareil ?
Annuler
Retirer la pièce jointe
Seules les photos et les fichiers PDF peuvent être envoyés
Annuler le message vocal
Enregistrement
Ajoutez une légende…
Votre nom
Téléphone ou e-mail, pour notre réponse
J’ai un compte
Discuter sans compte
En ligne
Nous répondons généralement {time}
Nous vous répondrons dès que possible
Nouveaux messages
Chargement…
Aucun rendez-vous à venir
Rien à partager pour l’instant
Chercher des clients et des messages
Aucune conversation ne correspond
Trop de tentatives : réessayez dans {s} s
Non envoyé : vérifiez votre connexion et renvoyez-le
Les messages n’ont pas pu être chargés.
Le micro n’est pas disponible : autorisez-le dans votre navigateur pour enregistrer un message vocal
Aucun micro n’a pu être utilisé sur cet appareil pour enregistrer un message vocal
Trop de messages contiennent ces mots : précisez votre recherche
La recherche est occupée : réessayez dans un instant
Ce lien ne peut pas ouvrir la conversation
Commencez une nouvelle conversation ci-dessous, ou connectez-vous.
Votre conversation sur cet appareil est ci-dessous.
Pour vous prévenir quand nous répondons : comment vous joindre ?
Enregistrer
Pas maintenant
Notre équipe
Note
Écrire une note interne : seul le salon la voit
Note interne pour l'équipe…
Note · seul le salon la voit`,
  ar: `جارٍ الاتصال…
متصل
جارٍ إعادة الاتصال…
متصل (وضع بطيء)
غير متصل
تم تسجيل الخروج
رسالة
اكتب رسالة…
إرسال
إرسال صورة أو ملف PDF
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
إغلاق الصورة
لم تُرسل: هذا الملف كبير جدًا
لم تُرسل: لا يمكن إرسال هذا النوع من الملفات
لم تُرسل: لا يمكن إرسال هذا الملف كما هو
في انتظار الشبكة…
{time} بتوقيتك
إضافة إلى التقويم
أنت تتحدث كضيف، دون كلمة مرور. تسجيل الخروج يزيل هذه المحادثة من هذا الجهاز ولن تتمكن من العودة إليها؛ وستُحذف الرسائل التي لم تُرسل بعد.
تسجيل الخروج والإزالة
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
سجّل الدخول للتحدث مع الصالون
رقم الهاتف
كلمة المرور
تسجيل الدخول
تسجيل الخروج
رقم الهاتف أو كلمة المرور غير صحيحة
أعلمني بالرسائل الجديدة
تسجيل الخروج من المحادثة على هذا الجهاز؟
إلغاء
إزالة المرفق
يمكن إرسال الصور وملفات PDF فقط
إلغاء الرسالة الصوتية
جارٍ التسجيل
أضف تعليقًا…
اسمك
الهاتف أو البريد الإلكتروني، لنرد عليك
لدي حساب
تحدث دون حساب
متصل الآن
نرد عادةً {time}
سنرد في أقرب وقت ممكن
رسائل جديدة
جارٍ التحميل…
لا توجد مواعيد قادمة
لا شيء للمشاركة بعد
ابحث في العملاء والرسائل
لا توجد محادثة مطابقة
محاولات كثيرة جدًا: أعد المحاولة بعد {s} ث
لم تُرسل: تحقّق من اتصالك وأعد إرسالها
تعذّر تحميل الرسائل.
الميكروفون غير متاح: اسمح به في متصفحك لتسجيل رسالة صوتية
لم يُعثر على ميكروفون صالح على هذا الجهاز لتسجيل رسالة صوتية
رسائل كثيرة جدًا تحتوي على هذه الكلمات: أضف كلمات أخرى
البحث مشغول: أعد المحاولة بعد قليل
لا يمكن لهذا الرابط فتح المحادثة
ابدأ محادثة جديدة أدناه، أو سجّل الدخول.
محادثتك على هذا الجهاز أدناه.
لنخبرك عندما نرد: كيف يمكننا التواصل معك؟
حفظ
ليس الآن
فريقنا
ملاحظة
اكتب ملاحظة داخلية: لا يراها إلا الصالون
ملاحظة داخلية للفريق…
ملاحظة · لا يراها إلا الصالون`,
} satisfies Catalog;

addCatalog(panelStrings);

const LABELED = ['image', 'voice', 'file', 'appointment', 'product', 'pack'] as const;

/** A short name for a message that has no text (a photo, a voice note, a card). */
export function typeLabel(t: Translate, type: string): string {
  return t((LABELED as readonly string[]).includes(type) ? (type as (typeof LABELED)[number]) : 'message');
}
