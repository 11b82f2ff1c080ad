/**
 * Quick replies (decisions §7): a staff member's own canned answers, private to them, with
 * shortcuts unique within their scope; probed, skipped when absent.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsCustomer } from '../steps.ts';
import { RuleViolation, show } from '../verdict.ts';

const GUIDE = 'decisions §7 (quick replies)';
const ABSENT = [404, 405, 501];

type Reply = { id?: unknown; shortcut?: unknown; scope?: unknown };

/** The quick replies of the staff's salon, found from a chat of theirs. */
async function repliesPath(ctx: Context, staff: Actor): Promise<string> {
  const chat = await createChatAsCustomer(ctx, ctx.actor('customer'), staff);
  return `/api/v1/salons/${chat.salon_id}/quick-replies`;
}

/** A shortcut no run used: letters and digits. */
const freshShortcut = () => `qr${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** Adds one of `staff`'s own replies; skips the scenario when the server has no quick replies. */
async function addOwn(ctx: Context, path: string, staff: Actor, shortcut: string, rule: string): Promise<Reply> {
  const response = await ctx.http.post(path, { shortcut, content: ctx.text('quick reply'), scope: 'mine' }, staff.token);
  if (ABSENT.includes(response.status)) ctx.skip(`POST ${path} answered ${response.status}`);
  const body = response.body as Reply | undefined;
  if (response.status !== 201 && response.status !== 200) throw new RuleViolation(rule, `201 and the reply /${shortcut}`, `${response.status} ${show(response.text)}`);
  ctx.check(rule, typeof body?.id === 'number' && body.scope === 'mine' && body.shortcut === shortcut.toLowerCase(), `{"id": <int>, "shortcut": "${shortcut.toLowerCase()}", "scope": "mine", …}`, show(body));
  return body;
}

/** The shortcuts of the replies `actor` is listed, or the status of a refusal. */
async function listed(ctx: Context, path: string, actor: Actor, rule: string): Promise<Reply[]> {
  const response = await ctx.http.get(path, actor.token);
  if (response.status !== 200 || !Array.isArray(response.body)) throw new RuleViolation(rule, `200 and a list of quick replies for ${actor.name}`, `${response.status} ${show(response.text)}`);
  return response.body as Reply[];
}

export const scenarios: Scenario[] = [
  {
    id: 'ext-quick-replies.own',
    title: "a staff member's own quick reply is theirs alone: listed for them, not for a colleague, refused to customers, gone once deleted",
    guide: GUIDE,
    rules: ['ext.quick-replies.own'],
    sides: ['staff'],
    async run(ctx: Context) {
      const rule = 'ext.quick-replies.own';
      const [staff, colleague, customer] = [ctx.actor('staff'), ctx.actor('staff2'), ctx.actor('customer')];
      const path = await repliesPath(ctx, staff);
      const shortcut = freshShortcut();
      const reply = await addOwn(ctx, path, staff, shortcut, rule);
      const mine = (await listed(ctx, path, staff, rule)).find((r) => r.id === reply.id);
      ctx.check(rule, mine?.scope === 'mine' && mine.shortcut === shortcut, `/${shortcut} in ${staff.name}'s list, scope "mine"`, show(mine ?? 'not listed'));
      const seen = (await listed(ctx, path, colleague, rule)).some((r) => r.id === reply.id);
      ctx.check(rule, !seen, `/${shortcut} not in ${colleague.name}'s list`, 'listed');
      const refused = await ctx.http.get(path, customer.token);
      ctx.check(rule, refused.status >= 400 && refused.status < 500, `a 4xx for ${customer.name}`, `${refused.status} ${show(refused.text)}`);
      const deleted = await ctx.http.delete(`${path}/${reply.id}`, staff.token);
      ctx.check(rule, deleted.status === 204 || deleted.status === 200, '204 (or 200) for the delete', `${deleted.status} ${show(deleted.text)}`);
      const after = (await listed(ctx, path, staff, rule)).some((r) => r.id === reply.id);
      ctx.check(rule, !after, `/${shortcut} no longer listed`, 'still listed');
    },
  },
  {
    id: 'ext-quick-replies.unique-shortcut',
    title: 'a shortcut is unique among one staff member’s own replies, whatever its case, but a colleague may use it for theirs',
    guide: GUIDE,
    rules: ['ext.quick-replies.unique'],
    sides: ['staff'],
    async run(ctx: Context) {
      const rule = 'ext.quick-replies.unique';
      const [staff, colleague] = [ctx.actor('staff'), ctx.actor('staff2')];
      const path = await repliesPath(ctx, staff);
      const shortcut = freshShortcut();
      const first = await addOwn(ctx, path, staff, shortcut, rule);
      const again = await ctx.http.post(path, { shortcut: shortcut.toUpperCase(), content: ctx.text('again'), scope: 'mine' }, staff.token);
      const detail = (again.body as { detail?: unknown } | undefined)?.detail;
      ctx.check(rule, again.status >= 400 && again.status < 500 && !!detail, `a 4xx with a detail for /${shortcut.toUpperCase()} again`, `${again.status} ${show(again.text)}`);
      const theirs = await addOwn(ctx, path, colleague, shortcut, rule);
      await ctx.http.delete(`${path}/${first.id}`, staff.token);
      await ctx.http.delete(`${path}/${theirs.id}`, colleague.token);
    },
  },
];
