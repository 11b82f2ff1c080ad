import type { ParticipantKey } from '../domain.ts';
import type { ChatService } from '../services/chats.ts';
import type { Broker, Delivery } from './broker.ts';
import type { OnlineView } from './online.ts';
import type { Connection, ConnectionRegistry } from './registry.ts';

/**
 * Who is online, told to the sockets that watch: `presence` when an account comes or goes (each
 * node tells its own sockets, see online.ts), `user_left` when its last socket in a chat closes.
 * A staff member's coming and going is told, with `staff_online`, in their own chats and to the
 * customers of every other watched chat of their salon: customers see the salon online while
 * anyone of its staff is (the staff's inbox, which joins every chat, hears only of its own).
 */
export function createPresence(chatService: ChatService, registry: ConnectionRegistry, online: OnlineView, broker: Broker, deliverHere: Delivery) {
  /** Tells this node's sockets in the participant's chats whether it is online, as it is when the frame goes out. */
  async function announce(actor: ParticipantKey): Promise<void> {
    const salonId = actor.type === 'user' ? await chatService.salonOfStaff(actor.id) : null;
    const own = (await chatService.chatIdsOf(actor)).filter((chatId) => registry.hasRoom(chatId));
    const watched = [...new Set([...own, ...(salonId === null ? [] : registry.roomsOfSalon(salonId))])];
    if (watched.length === 0) return;
    const [onlineIn, staffOnline] = await Promise.all([chatService.onlineParticipants(watched), salonId === null ? undefined : chatService.staffOnline(salonId)]);
    const isOnline = online.isOnline(actor);
    for (const [chatId, who] of onlineIn) {
      deliverHere(
        { chatId, except: actor, customersOnly: !own.includes(chatId) },
        { type: 'presence', chat_id: chatId, participant_type: actor.type, participant_id: actor.id, online: isOnline, ...who, ...(staffOnline === undefined ? {} : { staff_online: staffOnline }) },
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
