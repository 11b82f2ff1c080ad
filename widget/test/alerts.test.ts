import { expect, fixture, fixtureCleanup, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import type { SalonChatEvent } from '../src/events.ts';
import { bubbleWith, engine, itUnless, login, NO_PHONE_WIDTH, online, rest, root, screenshot, server, setViewport } from './helpers.ts';

/** Staff mode's alerts: the sound, desktop notifications and the page title, for Camille (staff 1). */
/** Why the prompt's answer cannot be tested in Firefox. */
const PROMPT_STAYS = "Firefox's permission prompt stays open under its driver: it neither allows nor blocks";
/** Why notifications cannot be shown in WebKit. */
const NO_GRANT = 'WebKitWebDriver cannot grant the permission to show notifications';

describe('<salon-chat> staff alerts', () => {
  let url: string;
  let camille: string;
  let lucas: string;
  let emma: string;
  const baseTitle = 'Salon inbox';

  before(async () => {
    ({ url } = await server());
    [camille, lucas, emma] = await Promise.all([login(url, 'staff'), login(url, 'lucas'), login(url, 'customer')]);
    document.title = baseTitle;
    localStorage.removeItem('salon-chat:sound');
    localStorage.removeItem('salon-chat:desktop-alerts');
  });

  afterEach(() => fixtureCleanup());

  async function inbox(): Promise<SalonChat> {
    const el = await fixture<SalonChat>(html`<salon-chat style="--salon-chat-height: 600px" mode="staff" server=${url} token=${camille} lang="en"></salon-chat>`);
    await online(el);
    await waitUntil(() => root(el).querySelector('.alerts'), 'the alert controls', { timeout: 10_000 });
    return el;
  }

  const alerts = (el: SalonChat) => root(el).querySelector<HTMLElement>('.alerts')!;
  const control = (el: SalonChat, name: string) => [...alerts(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === name);
  const shown = (e: Element | null | undefined) => !!e && e.checkVisibility({ checkVisibilityCSS: true, checkOpacity: true }) && e.getBoundingClientRect().width > 0;
  /** A click in the page (a real input event, which browsers count as a user gesture) on the "pick a chat" placeholder. */
  async function gesture(el: SalonChat): Promise<void> {
    const box = root(el).querySelector('.placeholder')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
  }
  /** The bubble of this text in the open chat, once its message list is there. */
  const bubble = (el: SalonChat, text: string) => (root(el).querySelector('salon-chat-messages')?.shadowRoot ? bubbleWith(el, text) : undefined);
  const newChat = (text: string) => rest<{ id: number }>(url, lucas, 'POST', '/api/v1/chat/chats/customer', { user_id: 1, title: `alerts ${Date.now()}`, initial_message: text });
  const say = (token: string, chatId: number, content: string) => rest(url, token, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { content, message_type: 'text' });

  itUnless({ webkit: NO_PHONE_WIDTH, firefox: PROMPT_STAYS })('offers "Turn on desktop alerts", says the sound waits for a first click, and explains alerts the browser blocked', async () => {
    await setViewport({ width: 1280, height: 800 });
    const el = await inbox();
    const turnOn = control(el, 'Turn on desktop alerts')!;
    expect(shown(turnOn), 'the labelled control').to.equal(true);
    const sound = control(el, 'Sound')!;
    expect(sound.getAttribute('role')).to.equal('switch');
    expect(sound.getAttribute('aria-checked')).to.equal('true');
    const hint = alerts(el).querySelector('.hint')!;
    expect(hint.textContent).to.equal('Sound plays after your first click on the page');
    expect(shown(hint)).to.equal(true);
    expect(sound.getAttribute('aria-describedby')).to.equal(hint.id);
    const header = root(el).querySelector('[part=header]')!.getBoundingClientRect();
    const clip = () => ({ x: 0, y: 0, width: 1280, height: Math.ceil(header.bottom + alerts(el).offsetHeight + 8) });
    await screenshot('staff-alerts-header-1280', clip());

    // a real click, which the test browser's permission prompt answers with Block
    const box = turnOn.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await waitUntil(() => alerts(el).querySelector('[role=note]'), 'the refusal explained', { timeout: 5000 });
    const note = alerts(el).querySelector('[role=note]')!;
    expect(note.textContent).to.equal("Desktop alerts are blocked: allow notifications for this site in the browser's settings");
    expect(shown(note)).to.equal(true);
    expect(control(el, 'Turn on desktop alerts')).to.equal(undefined);
    expect(alerts(el).querySelector('#salon-chat-sound-waits'), 'the click let the sound play').to.equal(null);
    await screenshot('staff-alerts-blocked-1280', clip());
    await setViewport({ width: 375, height: 700 });
    await screenshot('staff-alerts-blocked-375', { ...clip(), width: 375 });
    await setViewport({ width: 1280, height: 800 });

    // the person allows notifications in the site settings: the switch takes the note's place
    await executeServerCommand('grant-notifications');
    await waitUntil(() => control(el, 'Desktop alerts')?.getAttribute('aria-checked') === 'true', 'desktop alerts on');
    expect(alerts(el).querySelector('[role=note]')).to.equal(null);
  });

  itUnless({ webkit: NO_GRANT })('sounds and shows one notification per chat for the first message of a new chat; its click opens the chat', async () => {
    await executeServerCommand('grant-notifications');
    const el = await inbox();
    expect(control(el, 'Turn on desktop alerts')).to.equal(undefined);
    expect(control(el, 'Desktop alerts')!.getAttribute('aria-checked')).to.equal('true');
    await gesture(el);

    const text = `Hello, is Saturday free? ${Date.now()}`;
    const alerted = oneEvent(el, 'salon-chat-alert') as Promise<SalonChatEvent<'salon-chat-alert'>>;
    const chat = await newChat(text);
    const { detail } = await alerted;
    expect(detail.chatId).to.equal(chat.id);
    expect(detail.newChat).to.equal(true);
    const n = detail.notification!;
    expect(n.tag).to.equal(String(chat.id));
    expect(n.title).to.equal('New chat: Lucas Brown');
    expect(n.body).to.equal(text);
    // asked to sound again for each message of the chat, where the browser knows how (not Firefox)
    if ('renotify' in Notification.prototype) expect((n as Notification & { renotify: boolean }).renotify).to.equal(true);
    // the chime is a real oscillator in a running audio context: it plays to its end (Firefox
    // cannot start an audio context on a machine without a sound device, as the test machine is)
    const sound = detail.sound!;
    expect(sound).to.be.instanceOf(OscillatorNode);
    if (engine !== 'firefox') {
      await new Promise((resolve) => sound.addEventListener('ended', resolve, { once: true }));
      expect(sound.context.state).to.equal('running');
    }

    // the customer's second message updates the chat's one notification
    const again = oneEvent(el, 'salon-chat-alert') as Promise<SalonChatEvent<'salon-chat-alert'>>;
    await say(lucas, chat.id, 'Or Sunday?');
    const second = (await again).detail.notification!;
    expect([second.tag, second.title, second.body]).to.deep.equal([String(chat.id), 'Lucas Brown', 'Or Sunday?']);

    second.dispatchEvent(new Event('click'));
    await waitUntil(() => bubble(el, text), 'the chat open with the first message', { timeout: 5000 });
    expect(shown(bubble(el, text))).to.equal(true);
  });

  itUnless({ webkit: NO_GRANT })('stays quiet for the chat the person is looking at, and alerts for another', async () => {
    const el = await inbox();
    await gesture(el);
    const chat = await newChat(`looking ${Date.now()}`);
    const row = () => [...root(root(el).querySelector('salon-chat-inbox')!).querySelectorAll<HTMLButtonElement>('li button')].find((b) => b.textContent!.includes('looking'));
    await waitUntil(row, 'the new chat listed');
    row()!.click();
    const given: SalonChatEvent<'salon-chat-alert'>['detail'][] = [];
    el.addEventListener('salon-chat-alert', (e) => given.push(e.detail));
    await say(lucas, chat.id, 'seen at once');
    await waitUntil(() => bubble(el, 'seen at once'), 'the message on screen');
    expect(given, 'no alert for the open chat in a visible tab').to.deep.equal([]);

    const [emmaChat] = await rest<{ id: number }[]>(url, emma, 'GET', '/api/v1/chat/chats/customer?is_archived=false');
    await say(emma, emmaChat.id, 'about my colour');
    await waitUntil(() => given.length === 1, 'an alert for the other chat');
    expect([given[0].chatId, given[0].title, given[0].body]).to.deep.equal([emmaChat.id, 'Emma Wilson', 'about my colour']);
    expect(given[0].notification!.tag).to.equal(String(emmaChat.id));
  });

  itUnless({ webkit: NO_GRANT })('mutes the sound with a switch that the next visit remembers', async () => {
    let el = await inbox();
    await gesture(el);
    control(el, 'Sound')!.click();
    await waitUntil(() => control(el, 'Sound')!.getAttribute('aria-checked') === 'false', 'the switch off');
    fixtureCleanup();
    el = await inbox();
    expect(control(el, 'Sound')!.getAttribute('aria-checked'), 'remembered').to.equal('false');
    const alerted = oneEvent(el, 'salon-chat-alert') as Promise<SalonChatEvent<'salon-chat-alert'>>;
    await newChat(`muted ${Date.now()}`);
    const { detail } = await alerted;
    expect(detail.sound).to.equal(null);
    expect(detail.notification).to.not.equal(null);
    control(el, 'Sound')!.click();
    await waitUntil(() => control(el, 'Sound')!.getAttribute('aria-checked') === 'true', 'the switch on again');
  });

  it('names the customers waiting in the page title and counts conversations, not messages', async () => {
    const el = await inbox();
    const count = () => Number(/^\((\d+)\) /.exec(document.title)?.[1] ?? 0);
    const waiting = async () => (await rest<{ unanswered: number }>(url, camille, 'GET', '/api/v1/chat/chats/counts')).unanswered;
    const before = await waiting();
    await waitUntil(() => count() === before, 'as many as the salon has waiting', { timeout: 10_000 });
    const told: number[] = [];
    el.addEventListener('salon-chat-waiting-change', (e) => told.push(e.detail.waiting));
    const alerted = oneEvent(el, 'salon-chat-alert');
    const chat = await newChat(`title ${Date.now()}`);
    await alerted;
    await waitUntil(() => count() === before + 1, 'one more conversation waiting');
    expect(document.title).to.match(new RegExp(`^\\(${before + 1}\\) Lucas Brown, .* — ${baseTitle}$|^\\(1\\) Lucas Brown — ${baseTitle}$`));
    await say(lucas, chat.id, 'one more message');
    await say(lucas, chat.id, 'and another');
    await waitUntil(() => el.unread >= 3, 'the messages in');
    expect(count(), 'still one more conversation').to.equal(before + 1);
    expect(await waiting(), 'as the server counts them').to.equal(before + 1);
    expect(told, 'the page heard the number once').to.deep.equal([before + 1]);
    el.remove();
    expect(document.title).to.equal(baseTitle);
  });

  itUnless({ webkit: NO_PHONE_WIDTH })('keeps its controls in the header of a phone-sized inbox', async () => {
    await setViewport({ width: 375, height: 700 });
    const el = await inbox();
    const box = alerts(el).getBoundingClientRect();
    expect(box.right).to.be.at.most(375);
    for (const b of alerts(el).querySelectorAll('button')) expect(b.getBoundingClientRect().right, b.textContent!).to.be.at.most(375);
    await screenshot('staff-alerts-header-375', { x: 0, y: 0, width: 375, height: Math.ceil(box.bottom + 8) });
    await setViewport({ width: 1280, height: 800 });
  });
});
