import type { Actor } from '../domain.ts';
import type { ChatService } from '../services/chats.ts';
import type { Broker } from './broker.ts';
import type { Connection, ConnectionRegistry } from './registry.ts';

/** Who is online, told to the sockets that watch: `presence` when an account comes or goes, `user_left` when its last socket in a chat closes. */
export function createPresence(chatService: ChatService, registry: ConnectionRegistry, broker: Broker) {
  /** Tells the sockets in the actor's chats whether it is online, as it is when the frame goes out. */
  async function announce(actor: Actor): Promise<void> {
    const watched = (await chatService.chatIdsOf(actor)).filter((chatId) => registry.hasRoom(chatId));
    if (watched.length === 0) return;
    const onlineIn = await chatService.onlineParticipants(watched);
    const online = registry.isOnline(actor);
    for (const [chatId, who] of onlineIn) {
      broker.publish(
        { chatId, except: actor },
        { type: 'presence', chat_id: chatId, participant_type: actor.type, participant_id: actor.id, online, ...who },
      );
    }
  }

  return {
    announce,

    /** Unregisters a closed socket: `user_left` in the chats its account has no other socket in. True when it was the account's last socket. */
    closed(conn: Connection): boolean {
      const { actor } = conn;
      const joined = [...conn.joined];
      const wentOffline = registry.remove(conn);
      for (const chatId of joined) {
        if (!registry.inChat(actor, chatId)) {
          broker.publish({ chatId, except: actor }, { type: 'user_left', chat_id: chatId, participant_type: actor.type, participant_id: actor.id });
        }
      }
      return wentOffline;
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
