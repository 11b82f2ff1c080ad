/** Optional limits and validation answers (decisions §5): probed, skipped when absent. */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { CHATS, upload } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'decisions §5';

export const scenarios: Scenario[] = [
  {
    id: 'ext-limits.upload-type-415',
    title: 'an upload whose bytes are not an allowed image, audio or PDF answers 415',
    guide: GUIDE,
    rules: ['ext.upload-415'],
    sides: ['customer'],
    async run(ctx: Context) {
      const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(254, 0x90)]);
      const response = await upload(ctx, executable, 'photo.png', 'image/png', ctx.actor('customer').token);
      if (response.status !== 415) ctx.skip(`an executable named photo.png answered ${response.status}, not 415`);
    },
  },
  {
    id: 'ext-limits.validation-422',
    title: 'a create-chat body failing validation answers 422 with a detail',
    guide: GUIDE,
    rules: ['ext.validation-422'],
    sides: ['staff'],
    async run(ctx: Context) {
      const response = await ctx.http.post(CHATS, { customer_id: 'not-a-number' }, ctx.actor('staff').token);
      if (response.status !== 422) ctx.skip(`customer_id "not-a-number" answered ${response.status}`);
      const detail = (response.body as { detail?: unknown } | undefined)?.detail;
      ctx.check('ext.validation-422', detail !== undefined && detail !== null && detail !== '', '422 {"detail": …}', show(response.text));
    },
  },
];
