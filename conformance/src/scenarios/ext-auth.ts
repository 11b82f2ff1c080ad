/** Optional token refresh (decisions §5): probed, skipped when absent. */
import { TokenResponse } from '@salon-chat/protocol';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { CHATS, conform, expectStatus } from '../steps.ts';

export const scenarios: Scenario[] = [
  {
    id: 'ext-auth.refresh',
    title: 'POST /api/v1/auth/refresh exchanges a refresh_token for a working access token',
    guide: 'decisions §5',
    rules: ['ext.refresh'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const staff = ctx.actor('staff');
      if (!staff.login) ctx.skip(`${staff.name} is given as a token, so there is no refresh_token`);
      const login = await ctx.http.post(staff.login.path, staff.login.body);
      const refreshToken = (login.body as { refresh_token?: unknown } | undefined)?.refresh_token;
      if (typeof refreshToken !== 'string') ctx.skip('login answers no refresh_token');
      const response = await ctx.http.post('/api/v1/auth/refresh', { refresh_token: refreshToken });
      if ([404, 405, 501].includes(response.status)) ctx.skip(`POST /api/v1/auth/refresh answered ${response.status}`);
      expectStatus('ext.refresh', response, [200], 'POST /api/v1/auth/refresh with the refresh_token');
      const tokens = conform('ext.refresh', TokenResponse, '{"access_token", "token_type": "bearer"}', response.body);
      const list = await ctx.http.get(`${CHATS}?is_archived=false`, tokens.access_token);
      expectStatus('ext.refresh', list, [200], 'the refreshed access token accepted by GET /api/v1/chat/chats');
    },
  },
];
