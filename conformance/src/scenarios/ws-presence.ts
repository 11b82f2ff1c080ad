/** Joining and leaving (guide: WebSocket Protocol › Message Types; decisions §3). */
import type { Actor } from '../actors.ts';
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { createChatAsStaff, join } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'WebSocket Protocol › Message Types (user_joined, user_left); decisions §3';

/** `mover` joins or leaves a chat `watcher` has joined; the watcher hears it, the mover does not. */
async function announced(ctx: Context, kind: 'user_joined' | 'user_left', mover: Actor, watcher: Actor): Promise<void> {
  const rule = kind === 'user_joined' ? 'ws.join.user-joined' : 'ws.leave.user-left';
  const chat = await createChatAsStaff(ctx, ctx.actor('staff'), ctx.actor('customer'));
  const [watcherSocket, moverSocket] = await Promise.all([ctx.connect(watcher), ctx.connect(mover)]);
  await join(watcherSocket, chat.id);
  if (kind === 'user_left') await join(moverSocket, chat.id);
  const from = moverSocket.frames.length;
  const watched = watcherSocket.frames.length;
  moverSocket.send({ type: kind === 'user_joined' ? 'join_chat' : 'leave_chat', chat_id: chat.id });
  const frame = await watcherSocket.waitFor((f) => f.type === kind && f.chat_id === chat.id, {
    rule,
    expected: `${watcher.name} receives {"type":"${kind}","chat_id":${chat.id},…} when ${mover.name} ${kind === 'user_joined' ? 'joins' : 'leaves'}`,
  }, watched);
  ctx.check(rule, frame.participant_type === mover.side && frame.participant_id === mover.id, `participant_type "${mover.side}", participant_id ${mover.id}`, show(frame));
  await moverSocket.roundTrip(rule);
  moverSocket.expectNone((f) => f.type === kind && f.chat_id === chat.id, { rule, expected: `no ${kind} back to ${mover.name}` }, from);
}

export const scenarios: Scenario[] = [
  {
    id: 'ws-presence.user-joined-to-others',
    title: 'join_chat sends user_joined to the members already joined, not to the joiner',
    guide: GUIDE,
    rules: ['ws.join.user-joined'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      await announced(ctx, 'user_joined', customer, staff);
      await announced(ctx, 'user_joined', staff, customer);
    },
  },
  {
    id: 'ws-presence.user-left-to-others',
    title: 'leave_chat sends user_left to the other members, not to the leaver',
    guide: GUIDE,
    rules: ['ws.leave.user-left'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const [staff, customer] = [ctx.actor('staff'), ctx.actor('customer')];
      await announced(ctx, 'user_left', customer, staff);
      await announced(ctx, 'user_left', staff, customer);
    },
  },
];
