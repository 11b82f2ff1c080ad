import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { Joins } from '../src/client/joins.ts';
import { bubbles, list, login, online, rest, root, server } from './helpers.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('Joins', () => {
  function joins() {
    const sent: number[] = [];
    const joined: number[] = [];
    let open = true;
    const j = new Joins(
      (f) => open && sent.push(f.chat_id) > 0,
      (id) => joined.push(id),
    );
    return { j, sent, joined, close: () => (open = false) };
  }

  it('sends a large inbox in paced batches, each chat once', async () => {
    const { j, sent } = joins();
    for (let id = 1; id <= 250; id++) j.want(id);
    j.want(1);
    await tick();
    expect(sent).to.have.length(100);
    await waitUntil(() => sent.length === 250, 'all sent', { timeout: 2000 });
    expect(new Set(sent).size).to.equal(250);
  });

  it('counts a chat as joined only once the server confirms it, when the server confirms joins', async () => {
    const { j, joined } = joins();
    j.confirmed(99);
    j.want(1);
    await tick();
    expect(j.joined.has(1)).to.equal(false);
    j.confirmed(1);
    expect(j.joined.has(1)).to.equal(true);
    expect(joined).to.deep.equal([99, 1]);
  });

  it('takes a server that never confirms at its word', async () => {
    const { j } = joins();
    j.want(1);
    await tick();
    expect(j.joined.has(1)).to.equal(true);
  });

  it('sends a refused join again, and every recent unconfirmed one after a refusal that names none', async () => {
    const { j, sent } = joins();
    j.confirmed(0);
    for (let id = 1; id <= 3; id++) j.want(id);
    await tick();
    j.confirmed(1);
    j.refused(2);
    expect(j.joined.has(2)).to.equal(false);
    await waitUntil(() => sent.filter((id) => id === 2).length === 2, 'the refused one again', { timeout: 2000 });
    expect(sent.filter((id) => id === 3)).to.have.length(1);
    j.refused();
    await waitUntil(() => sent.filter((id) => id === 3).length === 2, 'an unnamed refusal: every unconfirmed recent one', { timeout: 2000 });
  });

  it('sends again after a refusal more slowly: after a pause, in batches half as large', async () => {
    const bursts: { at: number; count: number }[] = [];
    let inBurst = false;
    const j = new Joins(
      () => {
        // what one pump sends goes out in one go: a burst ends with the task that sent it
        if (!inBurst) {
          bursts.push({ at: performance.now(), count: 0 });
          inBurst = true;
          queueMicrotask(() => (inBurst = false));
        }
        bursts[bursts.length - 1]!.count++;
        return true;
      },
      () => undefined,
    );
    j.confirmed(0);
    for (let id = 1; id <= 200; id++) j.want(id);
    await waitUntil(() => bursts.length === 2, 'two batches');
    expect(bursts.map((b) => b.count)).to.deep.equal([100, 100]);
    const refusedAt = performance.now();
    j.refused();
    await waitUntil(() => bursts.length === 6, 'all two hundred again', { timeout: 5000 });
    expect(bursts.slice(2).map((b) => b.count), 'in batches of 50').to.deep.equal([50, 50, 50, 50]);
    expect(bursts[2]!.at - refusedAt, 'after a pause of a second').to.be.at.least(990);
  });

  it('waits for the socket, and forgets everything when it goes', async () => {
    const { j, sent, close } = joins();
    close();
    j.want(1);
    await tick();
    expect(sent).to.deep.equal([]);
    j.reset();
    expect(j.joined.size).to.equal(0);
  });
});

describe('<salon-chat> with many chats', () => {
  it('gets a new message live in the last of a customer’s 60 chats', async () => {
    const { url } = await server();
    const [lucas, sam] = await Promise.all([login(url, 'lucas'), login(url, 'sam')]);
    const created: number[] = [];
    for (let i = 0; i < 60; i++) {
      created.push((await rest<{ id: number }>(url, lucas, 'POST', '/api/v1/chat/chats/customer', { user_id: 2, title: `many ${i}` })).id);
    }
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} token=${lucas} staff-id="2" lang="en"></salon-chat>`);
    await online(el);
    const last = created[created.length - 1];
    const client = () => root(el).querySelector('salon-chat-panel')?.ctx?.client;
    await el.open();
    await waitUntil(() => client()?.isJoined(created[0]) && client()?.isJoined(last), 'the first and last chats are joined', { timeout: 10_000 });
    expect(created.every((id) => client()!.isJoined(id))).to.equal(true);

    const text = `live in chat ${last} ${Date.now()}`;
    const seen = new Promise<void>((resolve) => el.addEventListener('salon-chat-message', (e) => e.detail.message.content === text && resolve()));
    await rest(url, sam, 'POST', `/api/v1/chat/chats/${last}/messages`, { content: text, message_type: 'text' });
    await seen;
    await waitUntil(() => list(el)?.chatId === last && bubbles(el).some((b) => b.textContent!.includes(text)), 'shown in its chat');
  });
});
