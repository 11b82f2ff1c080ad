import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, newChat, signInCast, startOn, type Session, type TestServer } from './helpers.ts';

const MAX_MESSAGES = 20;

/** The staff's chat list and its search, through the real server, on every dialect. */
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`chat search on ${dialect}`, () => {
    let server: TestServer | undefined;
    let skip: string | undefined;
    let cast: Awaited<ReturnType<typeof signInCast>>;
    const chats: Record<'colour' | 'nails' | 'elsewhere', number> = { colour: 0, nails: 0, elsewhere: 0 };

    const send = (who: Session, chatId: number, content: string) => api(server!, 'POST', `/api/v1/chat/chats/${chatId}/messages`, { token: who.token, body: { content } });

    before(async () => {
      const started = await startOn(dialect, { SEARCHES_PER_ACCOUNT: '2', SEARCHES_PER_SALON: '3', SEARCH_MAX_MESSAGES: String(MAX_MESSAGES), SEARCH_TIMEOUT_MS: '60000' });
      if ('skip' in started) {
        skip = started.skip;
        return;
      }
      server = started;
      cast = await signInCast(server);
      chats.colour = await newChat(server, cast.lucas, cast.stylist, 'An Éclat balayage, please');
      assert.equal((await send(cast.lucas, chats.colour, 'And a trim')).status, 201);
      await server.services.db('chats').where({ id: chats.colour }).update({ title: 'Colour Consultation' });
      for (let i = 0; i < 3; i++) assert.equal((await send(cast.stylist, chats.colour, `later word ${i}`)).status, 201);
      chats.nails = await newChat(server, cast.emma, cast.admin, 'hello');
      chats.elsewhere = await newChat(server, cast.lucas, cast.other, 'Éclat balayage in the other salon');
    });
    after(() => server?.stop());

    it('answers 422 with a detail to a malformed cursor or search, before the database sees it', async (t) => {
      if (skip) return t.skip(skip);
      const cursor = (value: unknown) => encodeURIComponent(Buffer.from(JSON.stringify(value)).toString('base64url'));
      const time = '2026-11-30T09:15:00.000Z';
      const cursors = [
        'nonsense!',
        cursor({ at: time, id: 1 }),
        cursor(['yesterday', 1]),
        cursor(['2026-13-45T00:00:00.000Z', 1]),
        cursor(['2026-02-30T00:00:00.000Z', 1]),
        cursor(['0000-01-01T00:00:00.000Z', 1]),
        cursor([`${time}\u0000`, 1]),
        cursor([time, 0]),
        cursor([time, -1]),
        cursor([time, 2 ** 31]),
        cursor([time, 1.5]),
        `${cursor([time, 1])}%00`,
        '%01abc',
      ];
      for (const c of cursors) {
        for (const search of ['', '&search=eclat']) {
          const res = await api(server!, 'GET', `/api/v1/chat/chats?limit=5&cursor=${c}${search}`, { token: cast.admin.token });
          assert.equal(res.status, 422, `cursor ${c}${search}: ${JSON.stringify(res.body)}`);
          assert.match(res.body.detail, /cursor/);
        }
      }
      for (const words of ['%00', 'ab%00cd', '%01', 'line%0Abreak', '%7F', 'x'.repeat(101)]) {
        const res = await api(server!, 'GET', `/api/v1/chat/chats?search=${words}`, { token: cast.admin.token });
        assert.equal(res.status, 422, `search ${words}: ${JSON.stringify(res.body)}`);
        assert.match(res.body.detail, /search/);
      }
      const good = await api(server!, 'GET', `/api/v1/chat/chats?limit=5&cursor=${cursor([time, 2 ** 31 - 1])}&search=eclat`, { token: cast.admin.token });
      assert.equal(good.status, 200, 'a cursor of the right shape is taken');
    });
  });
}
