import type { ClientFrame, ServerFrame } from '@salon-chat/protocol';
import { AppError } from '../errors.ts';
import type { ChatService } from '../services/chats.ts';
import type { ChatRef, MessageService } from '../services/messages.ts';
import type { Broker } from './broker.ts';
import type { Connection, ConnectionRegistry } from './registry.ts';

/** What a command sees of the socket its frame came on. */
export interface Session {
  readonly conn: Connection;
  /** The chats this socket joined, as `join_chat` found them when it proved access. */
  readonly chats: Map<number, ChatRef>;
  send(frame: ServerFrame): void;
  isOpen(): boolean;
  /** What the frame's answer does not wait for: `message` frames follow the commit. */
  later(work: Promise<unknown>, frame: ClientFrame): void;
}

export interface CommandDeps {
  chatService: ChatService;
  messageService: MessageService;
  registry: ConnectionRegistry;
  broker: Broker;
}

/** The client frames of the guide, run for one session; throws an `AppError` for the `error` frame. */
export function createCommands({ chatService, messageService, registry, broker }: CommandDeps) {
  function requireJoined(session: Session, chatId: number): void {
    if (!session.conn.joined.has(chatId)) throw new AppError(409, 'not_joined', `join chat ${chatId} before using it (send join_chat)`);
  }

  return async function run(session: Session, frame: ClientFrame): Promise<void> {
    const { conn } = session;
    const { actor } = conn;
    switch (frame.type) {
      case 'ping':
        return session.send({ type: 'pong', timestamp: new Date().toISOString() });
      case 'join_chat': {
        const chat = await chatService.accessible(actor, frame.chat_id);
        if (!session.isOpen()) return;
        session.chats.set(chat.id, { id: chat.id, salon_id: chat.salon_id });
        broker.joinedAt?.(chat.id, chat.message_count);
        if (registry.join(conn, frame.chat_id, chat.salon_id)) {
          broker.publish(
            { chatId: frame.chat_id, except: actor },
            { type: 'user_joined', chat_id: frame.chat_id, participant_type: actor.type, participant_id: actor.id },
          );
        }
        // A staff member joining is staff of the chat's salon, online: no need to ask.
        const [online, staffOnline] = await Promise.all([chatService.onlineParticipants([frame.chat_id]), actor.type === 'user' || chatService.staffOnline(chat.salon_id)]);
        return session.send({ type: 'joined_chat', chat_id: frame.chat_id, ...online.get(frame.chat_id)!, staff_online: staffOnline });
      }
      case 'leave_chat':
        session.chats.delete(frame.chat_id);
        if (registry.leave(conn, frame.chat_id)) {
          broker.publish(
            { chatId: frame.chat_id, except: actor },
            { type: 'user_left', chat_id: frame.chat_id, participant_type: actor.type, participant_id: actor.id },
          );
        }
        return session.send({ type: 'left_chat', chat_id: frame.chat_id });
      case 'send_message': {
        requireJoined(session, frame.chat_id);
        const { type: _type, chat_id, ...draft } = frame;
        // The socket's next frames need not wait for the commit: the message has its place in the queue.
        const { sent } = await messageService.submit(actor, chat_id, draft, session.chats.get(chat_id));
        session.later(
          sent.then(({ message, duplicate }) => void (duplicate && session.send({ type: 'message', message, client_message_id: message.client_message_id }))),
          frame,
        );
        return;
      }
      case 'typing':
        requireJoined(session, frame.chat_id);
        return broker.publish(
          { chatId: frame.chat_id, except: actor },
          { type: 'typing', chat_id: frame.chat_id, participant_type: actor.type, participant_id: actor.id, is_typing: frame.is_typing },
        );
      case 'read_message':
        requireJoined(session, frame.chat_id);
        await messageService.markRead(actor, frame.chat_id, { upTo: frame.message_id });
        return;
    }
  };
}

export type Commands = ReturnType<typeof createCommands>;
