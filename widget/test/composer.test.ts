import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { bubbles, composer, emulateMedia, itUnless, list, login, NO_MADE_PASTE, openConversation, png, pressEnter, rest, root, server, setViewport, textarea, type } from './helpers.ts';

/** A one-page PDF, as small as a valid one gets. */
function pdf(name = 'price-list.pdf'): File {
  const body = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
  return new File([body], name, { type: 'application/pdf' });
}

const files = (...list: File[]) => {
  const dt = new DataTransfer();
  for (const f of list) dt.items.add(f);
  return dt;
};

describe('<salon-chat> composer and message text', () => {
  let url: string;
  let customerToken: string;
  let staffToken: string;

  before(async () => {
    await setViewport({ width: 1280, height: 800 });
    await emulateMedia({ reducedMotion: 'reduce' });
    ({ url } = await server());
    customerToken = await login(url, 'customer');
    staffToken = await login(url, 'staff');
  });

  const open = () => openConversation(url, customerToken);

  const box = (el: SalonChat) => root(composer(el));

  it('makes web, mail and phone links clickable and safe, and nothing else', async () => {
    const el = await open();
    const text = `Book at https://salon.example/book, write to mailto:hello@salon.example or call tel:+33 1 23 45 67 89. Not javascript:alert(1) nor data:text/html,x; see www.salon.example (${Date.now()})`;
    await rest(url, staffToken, 'POST', `/api/v1/chat/chats/${list(el).chatId}/messages`, { content: text, message_type: 'text' });
    await waitUntil(() => bubbles(el).some((b) => b.querySelector('p')?.textContent === text), 'shown, with its text whole');
    const links = [...bubbles(el).find((b) => b.querySelector('p')?.textContent === text)!.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://salon.example/book',
      'mailto:hello@salon.example',
      'tel:+33 1 23 45 67 89',
      'https://www.salon.example',
    ]);
    for (const a of links) {
      expect(a.rel).to.equal('noopener noreferrer');
      expect(a.target).to.equal('_blank');
    }
  });

  it('keeps what was typed over a reload, per chat, and forgets it once sent', async () => {
    const first = await open();
    const draft = `half written ${Date.now()}`;
    type(first, draft);
    first.remove();
    const again = await open();
    expect(textarea(again).value).to.equal(draft);
    pressEnter(again);
    await waitUntil(() => bubbles(again).some((b) => b.querySelector('p')?.textContent === draft), 'sent');
    again.remove();
    expect(textarea(await open()).value).to.equal('');
  });

  itUnless({ firefox: NO_MADE_PASTE })('sends a pasted photo with a caption after showing it', async () => {
    const el = await open();
    const caption = `my colour today ${Date.now()}`;
    textarea(el).dispatchEvent(new ClipboardEvent('paste', { clipboardData: files(await png()), bubbles: true, cancelable: true }));
    await waitUntil(() => box(el).querySelector('.attached img'), 'the photo waits with a preview');
    expect(textarea(el).placeholder).to.equal('Add a caption…');
    type(el, caption);
    pressEnter(el);
    await waitUntil(() => !box(el).querySelector('.attached'), 'gone from the composer');
    await waitUntil(() => bubbles(el).some((b) => b.querySelector('img') && b.querySelector('p')?.textContent === caption), 'the photo with its caption');
    const stored = async () => {
      const page = await rest<{ messages: { content: string; message_type: string; media_url: string }[] }>(url, staffToken, 'GET', `/api/v1/chat/chats/${list(el).chatId}/messages?page=1&page_size=5`);
      return page.messages.find((m) => m.content === caption);
    };
    await waitUntil(async () => (await stored())?.media_url.startsWith('/uploads/'), 'stored as a photo with its caption', { timeout: 10_000 });
    expect((await stored())!.message_type).to.equal('image');
  });

  it('sends a dropped PDF as a file row, and refuses other files with a reason', async () => {
    const el = await open();
    const name = `price-list-${Date.now()}.pdf`;
    box(el).querySelector('[part=composer]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: files(pdf(name)), bubbles: true, cancelable: true }));
    await waitUntil(() => box(el).querySelector('.attached .doc'), 'the PDF waits');
    expect(box(el).querySelector('.file-name')!.textContent).to.contain(name);
    box(el).querySelector<HTMLButtonElement>('.send')!.click();
    await waitUntil(
      () => bubbles(el).some((b) => b.querySelector<HTMLAnchorElement>('a.file')?.href.startsWith(`${url}/uploads/`) && b.textContent!.includes(name)),
      'a file row that opens the PDF',
      { timeout: 10_000 },
    );

    const refused = oneEvent(el, 'salon-chat-error');
    box(el).querySelector('[part=composer]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: files(new File(['hello'], 'notes.txt', { type: 'text/plain' })), bubbles: true, cancelable: true }));
    expect((await refused).detail.message).to.equal('Only photos and PDF files can be sent');
    expect(box(el).querySelector('.attached')).to.equal(null);
    await composer(el).updateComplete;
    const notice = () => box(el).querySelector<HTMLElement>('[role=alert]');
    expect(notice()?.checkVisibility(), 'the reason is on screen').to.equal(true);
    expect(notice()!.textContent).to.equal('Only photos and PDF files can be sent');
    type(el, 'never mind');
    await composer(el).updateComplete;
    expect(notice(), 'gone once the viewer goes on').to.equal(null);
  });

  it('says there is no microphone to use, rather than to allow it, when the device has none', async () => {
    const el = await open();
    const getUserMedia = navigator.mediaDevices.getUserMedia;
    // as Firefox answers on a device without a microphone
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('The object can not be found here.', 'NotFoundError'));
    try {
      const failed = oneEvent(el, 'salon-chat-error');
      box(el).querySelector<HTMLButtonElement>('button[aria-label="Record a voice note"]')!.click();
      expect((await failed).detail.code).to.equal('microphone');
      await waitUntil(() => box(el).querySelector<HTMLElement>('[role=alert]')?.checkVisibility(), 'the reason is on screen');
      expect(box(el).querySelector('[role=alert]')!.textContent).to.equal('No microphone could be used on this device to record a voice note');
    } finally {
      navigator.mediaDevices.getUserMedia = getUserMedia;
    }
  });

  it('says on screen why a voice note cannot be recorded when the microphone is refused', async () => {
    const el = await open();
    const getUserMedia = navigator.mediaDevices.getUserMedia;
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    try {
      const refused = oneEvent(el, 'salon-chat-error');
      box(el).querySelector<HTMLButtonElement>('button[aria-label="Record a voice note"]')!.click();
      expect((await refused).detail).to.deep.equal({ code: 'microphone', message: 'Permission denied' });
      await waitUntil(() => box(el).querySelector<HTMLElement>('[role=alert]')?.checkVisibility(), 'the reason is on screen');
      expect(box(el).querySelector('[role=alert]')!.textContent).to.equal('The microphone is not available: allow it in your browser to record a voice note');
    } finally {
      navigator.mediaDevices.getUserMedia = getUserMedia;
    }
  });
});
