/** The demo mailbox: the follow-ups this server kept instead of sending, read as the salon's owner. */
import { account, signIn } from './accounts.js';

const $ = (id) => document.getElementById(id);

async function load() {
  const { access_token: token } = await signIn('', account('camille'));
  const res = await fetch('/api/v1/follow-ups/mailbox?limit=50', { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.detail ?? res.statusText);
  return body;
}

function show(mail, button) {
  for (const b of document.querySelectorAll('.mb-list button')) b.setAttribute('aria-current', String(b === button));
  $('empty').hidden = true;
  $('mail-head').hidden = false;
  $('mail-subject').textContent = mail.subject ?? `Text message to ${mail.to}`;
  $('mail-from').textContent = mail.from_name ?? '';
  $('mail-to').textContent = mail.to;
  $('mail-time').textContent = new Date(mail.sent_at ?? mail.created_at).toLocaleString();
  $('mail-body').hidden = !mail.html;
  $('sms-body').hidden = Boolean(mail.html);
  // Links open in a tab of their own, as from a mail client.
  if (mail.html) $('mail-body').srcdoc = mail.html.replace('<head>', '<head><base target="_blank">');
  else $('sms-body').textContent = mail.text;
}

function render(mails) {
  const list = $('mails');
  list.replaceChildren(
    ...mails.map((mail) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      const title = document.createElement('strong');
      title.textContent = mail.subject ?? `SMS · ${mail.text}`;
      const meta = document.createElement('small');
      meta.textContent = `${mail.to} · ${new Date(mail.created_at).toLocaleTimeString()}`;
      button.append(title, meta);
      button.addEventListener('click', () => show(mail, button));
      li.append(button);
      return li;
    }),
  );
  if (mails.length) show(mails[0], list.querySelector('button'));
}

load().then(render, (err) => {
  $('empty').textContent = `The mailbox cannot be shown: ${err.message}`;
});
