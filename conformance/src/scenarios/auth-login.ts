/** Logging in (guide: Connection Details › Authentication; decisions §1). */
import { TokenResponse } from '@salon-chat/protocol';
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { conform, expectStatus } from '../steps.ts';

const GUIDE = 'Connection Details › Authentication; decisions §1';

function credentials(ctx: Context, actor: Actor): NonNullable<Actor['login']> {
  if (!actor.login) ctx.skip(`${actor.name} is given as a token; the login scenarios need credentials`);
  return actor.login;
}

async function loginAnswersToken(ctx: Context, actor: Actor, rule: string): Promise<void> {
  const login = credentials(ctx, actor);
  const response = await ctx.http.post(login.path, login.body);
  expectStatus(rule, response, [200], `POST ${login.path} with ${actor.name}'s credentials`);
  conform(rule, TokenResponse, '{"access_token": "<JWT>", "token_type": "bearer"}', response.body);
}

export const scenarios: Scenario[] = [
  {
    id: 'auth-login.staff',
    title: 'staff login answers 200 with a bearer access_token',
    guide: GUIDE,
    rules: ['auth.login.staff'],
    sides: ['staff'],
    run: (ctx: Context) => loginAnswersToken(ctx, ctx.actor('staff'), 'auth.login.staff'),
  },
  {
    id: 'auth-login.customer',
    title: 'customer login answers 200 with a bearer access_token',
    guide: GUIDE,
    rules: ['auth.login.customer'],
    sides: ['customer'],
    run: (ctx: Context) => loginAnswersToken(ctx, ctx.actor('customer'), 'auth.login.customer'),
  },
  {
    id: 'auth-login.bad-credentials',
    title: 'a wrong password answers 401 on both logins',
    guide: GUIDE,
    rules: ['auth.login.bad-credentials'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) {
        const login = credentials(ctx, actor);
        const response = await ctx.http.post(login.path, { ...login.body, password: `${login.body.password}-wrong` });
        expectStatus('auth.login.bad-credentials', response, [401], `POST ${login.path} with a wrong password`);
      }
    },
  },
];
