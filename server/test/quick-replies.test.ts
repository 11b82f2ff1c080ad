/**
 * Quick replies (docs/protocol.md, Quick replies): the salon's shared ones and each staff
 * member's own, who may change which, and what is refused, on every database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MAX_QUICK_REPLIES } from '@salon-chat/protocol';
import { api, signInCast, startOn, type Session, type TestServer } from './helpers.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`Quick replies on ${dialect}`, () => {
    let server: TestServer | undefined;
    let skip: string | undefined;
    let cast: Awaited<ReturnType<typeof signInCast>>;
    const rose = 1;
    const lin = 2;

    const call = (who: Session | null, method: string, path = '', body?: unknown, salon = rose) =>
      api(server!, method, `/api/v1/salons/${salon}/quick-replies${path}`, { token: who?.token, body });
    const add = async (who: Session, body: object, salon = rose) => {
      const res = await call(who, 'POST', '', body, salon);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const shortcuts = async (who: Session, salon = rose) => {
      const res = await call(who, 'GET', '', undefined, salon);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.map((r: { shortcut: string; scope: string }) => `${r.scope}:${r.shortcut}`);
    };

    before(async () => {
      const started = await startOn(dialect);
      if ('skip' in started) {
        skip = started.skip;
        return;
      }
      server = started;
      cast = await signInCast(server);
    });
    after(() => server?.stop());

    it("lists the salon's shared replies and the caller's own, never a colleague's own", async (t) => {
      if (skip) return t.skip(skip);
      const shared = await add(cast.admin, { shortcut: 'Prices', title: 'Prices', content: 'A cut is 28 €, {first_name}.', scope: 'salon' });
      assert.deepEqual(shared, { id: shared.id, shortcut: 'prices', title: 'Prices', content: 'A cut is 28 €, {first_name}.', scope: 'salon', editable: true });
      await add(cast.admin, { shortcut: 'hello', content: 'Hello, {my_name} here.' });
      await add(cast.stylist, { shortcut: 'bye', content: 'See you soon!' });
      assert.deepEqual(await shortcuts(cast.admin), ['mine:hello', 'salon:prices']);
      assert.deepEqual(await shortcuts(cast.stylist), ['mine:bye', 'salon:prices']);
      assert.deepEqual(await shortcuts(cast.other, lin), []);
    });

    it('refuses customers, staff of another salon and callers without a token', async (t) => {
      if (skip) return t.skip(skip);
      for (const [who, status] of [[cast.emma, 403], [cast.other, 403], [null, 401]] as const) {
        const res = await call(who, 'GET');
        assert.equal(res.status, status);
        assert.equal(typeof res.body.detail, 'string');
        assert.equal((await call(who, 'POST', '', { shortcut: 'x', content: 'y' })).status, status);
      }
    });

    it('lets only the owners change the shared replies; a stylist sees them as not editable', async (t) => {
      if (skip) return t.skip(skip);
      const shared = await add(cast.admin, { shortcut: 'parking', content: 'Car park 50 m away.', scope: 'salon' });
      const seen = (await call(cast.stylist, 'GET')).body.find((r: { id: number }) => r.id === shared.id);
      assert.equal(seen.editable, false);
      const refused = [
        await call(cast.stylist, 'POST', '', { shortcut: 'promo', content: '-10 %', scope: 'salon' }),
        await call(cast.stylist, 'PUT', `/${shared.id}`, { content: 'Park anywhere' }),
        await call(cast.stylist, 'DELETE', `/${shared.id}`),
      ];
      assert.deepEqual(refused.map((r) => r.status), [403, 403, 403]);
      assert.match(refused[0]!.body.detail, /owner or admin/);
      const changed = await call(cast.admin, 'PUT', `/${shared.id}`, { title: 'Parking', content: 'Parking Saint-Roch, 50 m.' });
      assert.equal(changed.status, 200);
      assert.deepEqual(changed.body, { id: shared.id, shortcut: 'parking', title: 'Parking', content: 'Parking Saint-Roch, 50 m.', scope: 'salon', editable: true });
      assert.equal((await call(cast.admin, 'DELETE', `/${shared.id}`)).status, 204);
      assert.ok(!(await shortcuts(cast.stylist)).includes('salon:parking'));
    });

    it("lets any staff member change the shared replies of a salon that has no owner or admin", async (t) => {
      if (skip) return t.skip(skip);
      const { db } = server!.services;
      await db('users').where({ id: cast.admin.id }).update({ role: 'stylist' });
      try {
        const shared = await add(cast.stylist, { shortcut: 'team', content: 'We are four.', scope: 'salon' });
        assert.equal(shared.editable, true);
        assert.equal((await call(cast.stylist, 'DELETE', `/${shared.id}`)).status, 204);
      } finally {
        await db('users').where({ id: cast.admin.id }).update({ role: 'owner' });
      }
    });

    it("keeps a shortcut unique within its scope, whatever its case, and says which is taken", async (t) => {
      if (skip) return t.skip(skip);
      await add(cast.stylist, { shortcut: 'prices', content: 'My own prices text' });
      const twice = await call(cast.stylist, 'POST', '', { shortcut: 'PRICES', content: 'again' });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'conflict');
      assert.match(twice.body.detail, /\/prices is already one of your quick replies/);
      const sharedTwice = await call(cast.admin, 'POST', '', { shortcut: 'prices', content: 'again', scope: 'salon' });
      assert.equal(sharedTwice.status, 409);
      assert.match(sharedTwice.body.detail, /the salon's shared/);
      const bye = (await call(cast.stylist, 'GET')).body.find((r: { shortcut: string }) => r.shortcut === 'bye');
      const renamed = await call(cast.stylist, 'PUT', `/${bye.id}`, { shortcut: 'Prices' });
      assert.equal(renamed.status, 409);
      assert.equal((await call(cast.stylist, 'PUT', `/${bye.id}`, { shortcut: 'see-you' })).body.shortcut, 'see-you');
    });

    it('refuses a bad shortcut, a blank or too long text, an unknown scope, with detail', async (t) => {
      if (skip) return t.skip(skip);
      const cases: [unknown, RegExp][] = [
        [{ shortcut: 'two words', content: 'x' }, /shortcut/],
        [{ shortcut: 'x'.repeat(33), content: 'x' }, /shortcut/],
        [{ shortcut: 'ok', content: '  ' }, /content/],
        [{ shortcut: 'ok', content: 'x'.repeat(4001) }, /content/],
        [{ shortcut: 'ok', content: 'x', title: 't'.repeat(81) }, /title/],
        [{ shortcut: 'ok', content: 'x', scope: 'team' }, /scope/],
        [{ content: 'x' }, /shortcut/],
      ];
      for (const [body, detail] of cases) {
        const res = await call(cast.admin, 'POST', '', body);
        assert.equal(res.status, 422, JSON.stringify(body));
        assert.match(res.body.detail, detail);
      }
      assert.equal((await call(cast.admin, 'PUT', '/abc', { content: 'x' })).status, 422);
    });

    it("answers 404 for a colleague's own reply, one of another salon, or none", async (t) => {
      if (skip) return t.skip(skip);
      const mine = await add(cast.stylist, { shortcut: 'secret', content: 'mine only' });
      assert.equal((await call(cast.admin, 'PUT', `/${mine.id}`, { content: 'taken over' })).status, 404);
      assert.equal((await call(cast.admin, 'DELETE', `/${mine.id}`)).status, 404);
      const lins = await add(cast.other, { shortcut: 'lin', content: 'Salon Lin', scope: 'salon' }, lin);
      assert.equal((await call(cast.admin, 'DELETE', `/${lins.id}`)).status, 404);
      assert.equal((await call(cast.admin, 'DELETE', '/999999')).status, 404);
      assert.equal((await call(cast.stylist, 'DELETE', `/${mine.id}`)).status, 204);
      assert.ok(!(await shortcuts(cast.stylist)).includes('mine:secret'));
    });

    it(`keeps at most ${MAX_QUICK_REPLIES} replies in a scope`, async (t) => {
      if (skip) return t.skip(skip);
      const have = (await call(cast.other, 'GET', '', undefined, lin)).body.filter((r: { scope: string }) => r.scope === 'mine').length;
      for (let i = have; i < MAX_QUICK_REPLIES; i++) await add(cast.other, { shortcut: `r${i}`, content: `reply ${i}` }, lin);
      const over = await call(cast.other, 'POST', '', { shortcut: 'one-more', content: 'x' }, lin);
      assert.equal(over.status, 409);
      assert.match(over.body.detail, /100 quick replies already/);
      await add(cast.other, { shortcut: 'one-more', content: 'x', scope: 'salon' }, lin);
    });
  });
}
