/**
 * The staff app's service worker: keeps the app (and the widget it runs) available offline, shows
 * a Web Push message as a notification, one per chat, and opens that chat when it is clicked.
 */
const CACHE = 'salon-chat-app';
const SHELL = ['./', 'app.js', 'app.css', 'manifest.webmanifest', 'icon.svg', 'icon-192.png', '/widget/salon-chat.js'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** The app and the widget's files from the network, kept for when it cannot be reached; the API is never cached. */
self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  const app = new URL(self.registration.scope).pathname;
  if (request.method !== 'GET' || url.origin !== location.origin || !(url.pathname.startsWith(app) || url.pathname.startsWith('/widget/'))) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(async () => (await caches.match(request, { ignoreSearch: true })) ?? (request.mode === 'navigate' ? caches.match('./') : Response.error())),
  );
});

/** A push from the server: `{chat_id, name, preview}`; a newer one for the same chat replaces it. */
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data?.json() ?? {};
  } catch {
    data = { preview: event.data?.text() ?? '' };
  }
  const chatId = Number(data.chat_id) || 0;
  event.waitUntil(
    self.registration.showNotification(data.name || 'New message', {
      body: data.preview ?? '',
      tag: chatId ? `chat-${chatId}` : 'salon-chat',
      renotify: true,
      icon: 'icon-192.png',
      badge: 'icon-192.png',
      data: { chatId },
    }),
  );
});

/** A click opens the chat: in the app already open (focused), else in a new window of the app. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { chatId } = event.notification.data ?? {};
  const scope = new URL(self.registration.scope);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).pathname.startsWith(scope.pathname));
      if (!open) return self.clients.openWindow(chatId ? `${scope.href}#chat=${chatId}` : scope.href);
      open.postMessage({ type: 'open-chat', chatId });
      return open.focus();
    })(),
  );
});
