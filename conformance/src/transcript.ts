/** What a scenario said to the server and what came back, with secrets redacted. */

const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const SECRET_FIELD = /("(?:password|access_token|refresh_token|token)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;
const TOKEN_QUERY = /([?&]token=)[^&\s"]*/g;
const MAX_TEXT = 1500;

/** Replaces tokens and passwords with placeholders. */
export function redact(text: string): string {
  return text.replace(SECRET_FIELD, '$1"<redacted>"').replace(TOKEN_QUERY, '$1<redacted>').replace(JWT, '<jwt>');
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} chars)` : text;
}

export interface TranscriptEntry {
  /** Milliseconds since the scenario started. */
  at: number;
  /** `http`, or the label of a WebSocket connection such as `ws#2 customer[0]`. */
  channel: string;
  direction: '→' | '←' | '·';
  text: string;
  /** The chats a frame from the server is about (none for the other entries). */
  chats: number[];
}

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  /** The chats of this scenario: it created them or named them in a frame. */
  private readonly chats = new Set<number>();
  private readonly started = Date.now();

  /** `claimedInRun`: the chats every scenario of the run has claimed, shared by their transcripts. */
  constructor(private readonly claimedInRun = new Set<number>()) {}

  add(channel: string, direction: TranscriptEntry['direction'], text: string, chats: number[] = []): void {
    this.entries.push({ at: Date.now() - this.started, channel, direction, text: clip(redact(text)), chats });
  }

  /** Counts `chatId` as a chat of this scenario. */
  claim(chatId: number): void {
    this.chats.add(chatId);
    this.claimedInRun.add(chatId);
  }

  /**
   * Whether a frame about `chats` is this scenario's: it names none, or one of the scenario's. A
   * staff socket hears of every chat its salon opens, a sender of every read of its messages,
   * whichever scenario caused them.
   */
  owns(chats: number[]): boolean {
    return chats.length === 0 || chats.some((chat) => this.chats.has(chat));
  }

  /**
   * Whether this scenario answers for a frame about `chats`: it owns it, or no scenario of the run
   * claims a chat it names (a frame about a chat nobody made is still somebody's to judge).
   */
  answersFor(chats: number[]): boolean {
    return this.owns(chats) || chats.some((chat) => !this.claimedInRun.has(chat));
  }

  /** The entries as lines, less the frames about chats of other scenarios. */
  lines(): string[] {
    return this.entries
      .filter((e) => this.owns(e.chats))
      .map((e) => `${String(e.at).padStart(5)}ms ${e.channel} ${e.direction} ${e.text}`);
  }
}
