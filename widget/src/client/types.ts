/**
 * Protocol types the widget uses (type-only imports from the shared protocol, so zod is never
 * bundled), plus the widget's own.
 */
import type { Message, MessageDraft, ParticipantType } from '@salon-chat/protocol/core';

export type {
  Appointment,
  ChatSummary,
  ClientFrame,
  HistoryPage,
  Message,
  MessageDraft,
  OnlineMember,
  OpeningHours,
  Pack,
  Participant,
  ParticipantType,
  Product,
  Reference,
  Salon,
  SalonSettings,
  ServerFrame,
  TokenResponse,
  UploadResult,
} from '@salon-chat/protocol/core';

export interface Me {
  type: ParticipantType;
  id: number;
}

/** Where a message is on its way out; absent once the server has it. */
export type LocalState = 'uploading' | 'pending' | 'failed';

export interface ChatMessage extends Message {
  local?: LocalState;
  /** Upload progress in [0, 1] while `local` is `uploading`. */
  progress?: number;
  /** Object URL of a picked image, shown while it uploads. */
  preview?: string;
  /** Why the server refused the file for good (it cannot be sent again as it is). */
  refused?: FileRefusal;
}

/** The server's final word on an upload: too large (413), not a kind it takes (415), or not acceptable as it is (422). */
export type FileRefusal = 'fileTooLarge' | 'fileUnsupported' | 'fileRefused';

/** One message waiting in the outbox until the server confirms it. */
export interface OutboxEntry {
  client_message_id: string;
  owner: string;
  chat_id: number;
  draft: MessageDraft;
  created_at: string;
  failed?: boolean;
}
