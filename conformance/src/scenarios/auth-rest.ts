/** Tokens on REST calls (decisions §1: missing, invalid or expired → 401). */
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import { algNoneToken, decodeJwt, tamperedToken } from '../jwt.ts';
import type { Scenario } from '../scenario.ts';
import { CHATS, createChatAsStaff, expectStatus, expiredTokenFor } from '../steps.ts';

const GUIDE = 'Connection Details › Authentication; decisions §1';

const listPath = (actor: Actor): string => (actor.side === 'customer' ? `${CHATS}/customer` : CHATS);

function jwtOf(ctx: Context, actor: Actor): NonNullable<ReturnType<typeof decodeJwt>> {
  const jwt = decodeJwt(actor.token);
  if (!jwt) ctx.skip(`${actor.name}'s token is not a JWT, so no forged variant can be made`);
  return jwt;
}

export const scenarios: Scenario[] = [
  {
    id: 'auth-rest.missing-token',
    title: 'REST calls without a token answer 401',
    guide: GUIDE,
    rules: ['auth.rest.missing-token'],
    sides: [],
    async run(ctx: Context) {
      const chat = await createChatAsStaff(ctx, ctx.actor('staff'), ctx.actor('customer'));
      const calls: [string, string, unknown][] = [
        ['GET', `${CHATS}?is_archived=false`, undefined],
        ['GET', `${CHATS}/customer?is_archived=false`, undefined],
        ['GET', `${CHATS}/${chat.id}/messages?page=1&page_size=50`, undefined],
        ['POST', CHATS, { customer_id: ctx.actor('customer').id, title: ctx.text('no token') }],
        ['POST', `${CHATS}/customer`, { user_id: ctx.actor('staff').id, title: ctx.text('no token') }],
      ];
      for (const [method, path, json] of calls) {
        const response = await ctx.http.request(method, path, { json });
        expectStatus('auth.rest.missing-token', response, [401], `${method} ${path} without Authorization`);
      }
    },
  },
  {
    id: 'auth-rest.invalid-token',
    title: 'REST calls with a malformed, tampered or alg:none token answer 401',
    guide: GUIDE,
    rules: ['auth.rest.invalid-token'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) {
        const jwt = jwtOf(ctx, actor);
        const tokens: [string, string][] = [
          ['a malformed token', 'not-a-jwt'],
          ['a token whose claims were changed under the old signature', tamperedToken(jwt)],
          ['an unsigned alg:none token', algNoneToken(jwt)],
        ];
        for (const [what, token] of tokens) {
          const response = await ctx.http.get(`${listPath(actor)}?is_archived=false`, token);
          expectStatus('auth.rest.invalid-token', response, [401], `GET ${listPath(actor)} with ${what} (${actor.name})`);
        }
      }
    },
  },
  {
    id: 'auth-rest.expired-token',
    title: 'REST calls with an expired token answer 401',
    guide: GUIDE,
    rules: ['auth.rest.expired-token'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) {
        const response = await ctx.http.get(`${listPath(actor)}?is_archived=false`, expiredTokenFor(ctx, actor));
        expectStatus('auth.rest.expired-token', response, [401], `GET ${listPath(actor)} with ${actor.name}'s token expired an hour ago`);
      }
    },
  },
];
