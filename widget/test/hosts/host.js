// The host pages of the hostile-host test. Builds the page's widgets from the query
// (server, token, theme, lang; `second`: a staff token for a second instance), and tells the
// parent window, once the customer panel is open, read and settled, where the widget is drawn
// and what of it sticks out of the viewport.
const params = new URLSearchParams(location.search);

function customer() {
  const chat = document.createElement('salon-chat');
  for (const name of ['server', 'token', 'theme', 'lang']) chat.setAttribute(name, params.get(name));
  chat.setAttribute('staff-id', '1');
  chat.setAttribute('opened', '');
  return chat;
}

/** Every element of the widget, through its shadow roots. */
function* deep(root) {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/** Lazy images load only once scrolled into their list. */
function onScreen(img) {
  const box = img.getBoundingClientRect();
  const list = img.closest('.scroller')?.getBoundingClientRect();
  return !list || (box.bottom > list.top && box.top < list.bottom);
}

async function settled(chat) {
  for (;;) {
    const root = chat.shadowRoot;
    const panel = root?.querySelector('.panel');
    const images = root ? [...deep(root)].filter((el) => el.tagName === 'IMG' && onScreen(el)) : [];
    const bubbles = root ? [...deep(root)].filter((el) => el.classList?.contains('msg')) : [];
    if (panel?.checkVisibility() && chat.status === 'online' && chat.unread === 0 && bubbles.length && images.every((i) => i.complete)) {
      await new Promise((r) => setTimeout(r, 300));
      return root;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

addEventListener('DOMContentLoaded', async () => {
  let chat = customer();
  document.body.append(chat);
  if (params.get('second')) {
    // removed and added again, as single-page sites do on navigation
    chat.remove();
    chat = customer();
    document.body.append(chat);
    const staff = document.createElement('salon-chat');
    staff.setAttribute('mode', 'staff');
    staff.setAttribute('server', params.get('server'));
    staff.setAttribute('token', params.get('second'));
    staff.setAttribute('lang', params.get('lang'));
    document.querySelector('#inbox').append(staff);
  }
  const root = await settled(chat);
  const panel = root.querySelector('.panel').getBoundingClientRect();
  const launcher = root.querySelector('.launcher').getBoundingClientRect();
  const left = Math.min(panel.left, launcher.left);
  const top = Math.min(panel.top, launcher.top);
  const clip = { x: left, y: top, width: Math.max(panel.right, launcher.right) - left, height: Math.max(panel.bottom, launcher.bottom) - top };
  // what of the widget sticks out past the right edge of the page's viewport (cut off on a phone)
  const beyond = [...deep(root)]
    .filter((el) => el.getBoundingClientRect().width && el.getBoundingClientRect().right > innerWidth + 0.5)
    .map((el) => `${el.tagName.toLowerCase()}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`);
  parent.postMessage({ type: 'salon-chat-host-ready', clip, beyond }, '*');
});
