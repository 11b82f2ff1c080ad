/** Typing indicators (guide: WebSocket Protocol › Send Typing Indicator; decisions §3). */
import type { Context } from '../context.ts';
import type { Scenario } from '../scenario.ts';
import { bothWays, joinedPair } from '../steps.ts';
import { show } from '../verdict.ts';

const GUIDE = 'WebSocket Protocol › Send Typing Indicator; decisions §3';

export const scenarios: Scenario[] = [
  {
    id: 'ws-typing.reaches-other-member',
    title: 'typing reaches the other joined member with chat_id, participant_type, participant_id and is_typing',
    guide: GUIDE,
    rules: ['ws.typing.others'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const pair = await joinedPair(ctx);
      for (const { actor, socket, other, otherSocket } of bothWays(pair)) {
        for (const isTyping of [true, false]) {
          const from = otherSocket.frames.length;
          socket.send({ type: 'typing', chat_id: pair.chatId, is_typing: isTyping });
          const frame = await otherSocket.waitFor((f) => f.type === 'typing' && f.chat_id === pair.chatId && f.is_typing === isTyping, {
            rule: 'ws.typing.others',
            expected: `${other.name} receives {"type":"typing","chat_id":${pair.chatId},"is_typing":${isTyping},…}`,
          }, from);
          ctx.check('ws.typing.others', frame.participant_type === actor.side && frame.participant_id === actor.id, `participant_type "${actor.side}", participant_id ${actor.id}`, show(frame));
        }
      }
    },
  },
  {
    id: 'ws-typing.not-echoed-to-sender',
    title: 'typing is not sent back to the connection that typed',
    guide: GUIDE,
    rules: ['ws.typing.not-sender'],
    sides: ['staff', 'customer'],
    async run(ctx: Context) {
      const pair = await joinedPair(ctx);
      for (const { actor, socket, other, otherSocket } of bothWays(pair)) {
        const from = socket.frames.length;
        const watched = otherSocket.frames.length;
        socket.send({ type: 'typing', chat_id: pair.chatId, is_typing: true });
        await otherSocket.waitFor((f) => f.type === 'typing' && f.chat_id === pair.chatId, {
          rule: 'ws.typing.others',
          expected: `${other.name} receives the typing frame (the positive control)`,
        }, watched);
        await socket.roundTrip('ws.typing.not-sender');
        socket.expectNone((f) => f.type === 'typing' && f.chat_id === pair.chatId, {
          rule: 'ws.typing.not-sender',
          expected: `no typing frame back to ${actor.name}'s connection that typed`,
        }, from);
      }
    },
  },
];
