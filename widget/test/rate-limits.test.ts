import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/salon-chat.ts';
import type { SalonChat } from '../src/salon-chat.ts';
import { Connection, type ConnectionStatus } from '../src/client/connection.ts';
import { login, online, root, server } from './helpers.ts';

/** One refresh and one login a client address may make every 5 s: a 429's `Retry-After` is then 1 to 5 s. */
const PER_MINUTE = '12';

interface Answer {
  status: number;
  retryAfter: number;
  at: number;
}

describe('the widget when the server refuses it for a while (429 with Retry-After)', () => {
  let url: string;
  const realFetch = window.fetch;

  before(async () => {
    await server('stop');
    ({ url } = await server('start', { REFRESHES_PER_MINUTE: PER_MINUTE, LOGINS_PER_MINUTE: PER_MINUTE }));
  });
  after(async () => {
    await server('stop');
    await server('start');
  });
  afterEach(() => {
    window.fetch = realFetch;
    localStorage.clear();
  });

  const post = (path: string, body: unknown) =>
    realFetch(`${url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /**
   * Sends `request` until the server refuses it with the next one of the budget at least 3 s away
   * (a `Retry-After` of 4 s or more, answered after the server's one-second pause), as a flood
   * from this client address would leave it: what comes next from here is refused too.
   */
  async function useUp(request: () => Promise<Response>): Promise<void> {
    for (;;) {
      const res = await request();
      if (res.status === 429 && Number(res.headers.get('retry-after')) >= 4) return;
    }
  }

  /** The answers to the widget's requests to `path`, from now on. */
  function watch(path: string): Answer[] {
    const answers: Answer[] = [];
    window.fetch = async (input, init) => {
      const res = await realFetch(input, init);
      if (String(input).endsWith(path)) answers.push({ status: res.status, retryAfter: Number(res.headers.get('retry-after')), at: performance.now() });
      return res;
    };
    return answers;
  }

  /** The widget's requests were refused once, then sent again after the wait the server asked for, and answered. */
  function expectWaitedOut(answers: Answer[], answered: number): void {
    expect(answers.map((a) => a.status)).to.deep.equal([429, answered]);
    expect(answers[0]!.retryAfter).to.be.within(1, 5);
    expect(answers[1]!.at - answers[0]!.at, 'sent again once Retry-After had passed').to.be.at.least(answers[0]!.retryAfter * 1000);
  }

  it('waits out a refused token refresh and stays signed in, instead of signing out', async () => {
    const signIn = await (await post('/customer-auth/login', { phone: '+1987654321', password: 'customer456' })).json();
    await useUp(() => post('/auth/refresh', { refresh_token: 'a flood of refreshes' }));
    const key = `salon-chat:${url}:customer`;
    localStorage.setItem(key, JSON.stringify({ access_token: 'expired-here', refresh_token: signIn.refresh_token }));
    const refreshes = watch('/auth/refresh');
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} lang="en"></salon-chat>`);
    await online(el);
    expectWaitedOut(refreshes, 200);
    const session = JSON.parse(localStorage.getItem(key)!) as { access_token: string; refresh_token: string };
    expect(session.access_token, 'the new session is kept').to.not.equal('expired-here');
    expect(session.refresh_token).to.not.equal(signIn.refresh_token);
  });

  it('signs a visitor in once the wait is over, when the address had used up its logins of the minute', async () => {
    const el = await fixture<SalonChat>(html`<salon-chat mode="customer" server=${url} lang="en"></salon-chat>`);
    await el.open();
    const form = () => root(el).querySelector('form')!;
    await waitUntil(() => root(el).querySelector('form'), 'the form is shown');
    let n = 0;
    await useUp(() => post('/customer-auth/login', { phone: `+1555010${String(n++).padStart(4, '0')}`, password: 'a flood of logins' }));
    const logins = watch('/customer-auth/login');
    form().querySelector<HTMLInputElement>('[name=phone]')!.value = '+1234567890';
    form().querySelector<HTMLInputElement>('[name=password]')!.value = 'customer123';
    form().requestSubmit();
    await online(el);
    expectWaitedOut(logins, 200);
    expect(root(el).querySelector('[role=alert]'), 'no refusal shown: the wait was short').to.equal(null);
  });
});

describe('the connection when the server closes it for its limits (1013)', () => {
  let url: string;
  let token: string;
  let open: Connection | undefined;

  before(async () => {
    await server('stop');
    ({ url } = await server('start', { WS_FRAMES_PER_SECOND: '5' }));
    token = await login(url, 'customer');
  });
  after(async () => {
    open?.stop();
    await server('stop');
    await server('start');
  });

  it('tries again later, without taking it for a refused token', async () => {
    const statuses: ConnectionStatus[] = [];
    let asked = 0;
    open = new Connection({
      url: async () => `${url.replace('http', 'ws')}/api/v1/chat/ws/chat/customer?token=${token}`,
      onFrame: () => undefined,
      onStatus: (s) => statuses.push(s),
      onUnauthorized: async () => (asked++, false),
    });
    open.start();
    await waitUntil(() => open!.status === 'online', 'online');
    for (let i = 0; i < 500; i++) open.send({ type: 'ping' });
    await waitUntil(() => statuses.includes('reconnecting'), 'closed for the flood', { timeout: 10_000 });
    expect(asked, 'no new token asked for').to.equal(0);
    expect(statuses).not.to.include('unauthorized');
  });
});
