/** Tokens on the WebSocket (decisions §1: bad, expired, forged or wrong-side → close 1008). */
import type { ParticipantType } from '@salon-chat/protocol';
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import { algNoneToken, decodeJwt, tamperedToken } from '../jwt.ts';
import type { Scenario } from '../scenario.ts';
import { expiredTokenFor } from '../steps.ts';

const GUIDE = 'Error Handling › Common Errors (1008 Policy Violation); decisions §1';

async function expectPolicyClose(ctx: Context, rule: string, side: ParticipantType, token: string | null, what: string): Promise<void> {
  const socket = await ctx.open(side, token, what);
  const info = await socket.waitForClose();
  const expected = `the /${side} endpoint closes the socket with 1008 for ${what}, without a "connected" event`;
  const connected = socket.frames.find((f) => f.type === 'connected');
  ctx.check(rule, !connected, expected, `it sent ${JSON.stringify(connected)}`);
  ctx.check(rule, info !== null, expected, `the socket was still open after ${ctx.timeoutMs} ms`);
  const how = socket.handshakeFailure ?? `close code ${info.code}${info.reason ? ` "${info.reason}"` : ''}`;
  ctx.check(rule, info.code === 1008, expected, how);
}

function jwtOf(ctx: Context, actor: Actor): NonNullable<ReturnType<typeof decodeJwt>> {
  return decodeJwt(actor.token) ?? ctx.skip(`${actor.name}'s token is not a JWT, so no forged variant can be made`);
}

export const scenarios: Scenario[] = [
  {
    id: 'auth-ws.connected',
    title: 'a valid token on its own endpoint gets a connected event with participant_type and participant_id',
    guide: 'Connection Details › Connection Lifecycle; decisions §2',
    rules: ['auth.ws.connected'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) await ctx.connect(actor);
    },
  },
  {
    id: 'auth-ws.invalid-token',
    title: 'a missing, malformed or tampered token is closed with 1008',
    guide: GUIDE,
    rules: ['auth.ws.invalid-token'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const checks: Promise<void>[] = [];
      for (const actor of [ctx.actor('staff'), ctx.actor('customer')]) {
        const jwt = jwtOf(ctx, actor);
        checks.push(
          expectPolicyClose(ctx, 'auth.ws.invalid-token', actor.side, null, 'no token parameter'),
          expectPolicyClose(ctx, 'auth.ws.invalid-token', actor.side, 'not-a-jwt', 'a malformed token'),
          expectPolicyClose(ctx, 'auth.ws.invalid-token', actor.side, tamperedToken(jwt), `${actor.name}'s token with changed claims`),
        );
      }
      await Promise.all(checks);
    },
  },
  {
    id: 'auth-ws.alg-none',
    title: 'an unsigned alg:none token is closed with 1008',
    guide: GUIDE,
    rules: ['auth.ws.alg-none'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      await Promise.all([
        expectPolicyClose(ctx, 'auth.ws.alg-none', 'user', algNoneToken(jwtOf(ctx, staff)), `${staff.name}'s claims with alg:none`),
        expectPolicyClose(ctx, 'auth.ws.alg-none', 'customer', algNoneToken(jwtOf(ctx, customer)), `${customer.name}'s claims with alg:none`),
      ]);
    },
  },
  {
    id: 'auth-ws.expired-token',
    title: 'an expired token is closed with 1008',
    guide: GUIDE,
    rules: ['auth.ws.expired-token'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      await Promise.all([
        expectPolicyClose(ctx, 'auth.ws.expired-token', 'user', expiredTokenFor(ctx, staff), `an expired token of ${staff.name}'s side`),
        expectPolicyClose(ctx, 'auth.ws.expired-token', 'customer', expiredTokenFor(ctx, customer), `an expired token of ${customer.name}'s side`),
      ]);
    },
  },
  {
    id: 'auth-ws.wrong-side',
    title: 'a customer token on /user and a staff token on /customer are closed with 1008',
    guide: 'Quick Start › WebSocket Connection URLs; decisions §1',
    rules: ['auth.ws.wrong-side'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      await Promise.all([
        expectPolicyClose(ctx, 'auth.ws.wrong-side', 'user', customer.token, `${customer.name}'s (customer) token`),
        expectPolicyClose(ctx, 'auth.ws.wrong-side', 'customer', staff.token, `${staff.name}'s (staff) token`),
      ]);
    },
  },
];
