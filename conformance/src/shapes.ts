/**
 * The shapes the suite holds any server to: the protocol's, with the extensions (decisions §5,
 * the reference server's own fields) left to the server. A required rule judges only what the
 * guide and decisions §1–4 fix; another server may shape its own extras, or its error codes, as
 * it likes. The scenarios of an extension check that extension's shape where they probe it.
 */
import { ChatSummary, HistoryPage, Message, SERVER_FRAMES, type ServerFrameType } from '@salon-chat/protocol';
import { z } from 'zod';

/** A field the guide does not define: any value, or none. */
const own = z.unknown().optional();

export const GuideMessage = Message.extend({ reply_to: own, reference_type: own, reference_id: own, reference: own, client_message_id: own });
export const GuideHistoryPage = HistoryPage.extend({ messages: z.array(GuideMessage) });
export const GuideChatSummary = ChatSummary.extend({ online_members: own });

export const GUIDE_FRAME_SHAPES = {
  connected: SERVER_FRAMES.connected.extend({ name: own }),
  message: SERVER_FRAMES.message.extend({ message: GuideMessage, client_message_id: own }),
  typing: SERVER_FRAMES.typing,
  read_receipt: SERVER_FRAMES.read_receipt.extend({ read_at: own, message_ids: own }),
  user_joined: SERVER_FRAMES.user_joined,
  user_left: SERVER_FRAMES.user_left,
  error: SERVER_FRAMES.error.extend({ code: own, chat_id: own, client_message_id: own }),
  pong: SERVER_FRAMES.pong,
} as const satisfies Partial<Record<ServerFrameType, z.ZodType>>;
