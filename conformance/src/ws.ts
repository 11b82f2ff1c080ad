/** A WebSocket connection that records frames both ways and waits for conditions with deadlines. */
import { describeIssues } from '@salon-chat/protocol';
import WebSocket from 'ws';
import { GUIDE_FRAME_SHAPES } from './shapes.ts';
import type { Transcript } from './transcript.ts';
import { RuleViolation, show } from './verdict.ts';

export type Frame = Record<string, unknown> & { type: string };

/**
 * The server frames of the guide, each with the rule it breaks when it lacks its shape in
 * `GUIDE_FRAME_SHAPES`; an `error` frame a scenario waits for breaks the rule of what it
 * answers. Other frame types are server extensions: not checked, and abbreviated in reports.
 */
const GUIDE_FRAMES = {
  connected: 'auth.ws.connected',
  message: 'ws.message.shape',
  typing: 'ws.typing.others',
  read_receipt: 'ws.read.receipt',
  user_joined: 'ws.join.user-joined',
  user_left: 'ws.leave.user-left',
  error: 'ws.error.bad-json',
  pong: 'ws.ping',
} as const satisfies Record<keyof typeof GUIDE_FRAME_SHAPES, string>;

type GuideFrameType = keyof typeof GUIDE_FRAMES;

const isGuideFrame = (frame: Frame): frame is Frame & { type: GuideFrameType } => Object.hasOwn(GUIDE_FRAMES, frame.type);

/** What is wrong with a frame of the guide by its shape in the guide; null when nothing is. */
function shapeIssues(frame: Frame): string | null {
  if (!isGuideFrame(frame)) return null;
  const parsed = GUIDE_FRAME_SHAPES[frame.type].safeParse(frame);
  return parsed.success ? null : describeIssues(parsed.error);
}

/** The chats a frame is about: its `chat_id`, its message's, its chat's. */
export function chatsOf(frame: Record<string, unknown>): number[] {
  const nested = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return [frame.chat_id, nested(frame.message, 'chat_id'), nested(frame.chat, 'id')].filter((id): id is number => typeof id === 'number');
}

function abbreviate(raw: string, frame: Frame | null): string {
  if (!frame || isGuideFrame(frame) || raw.length <= 160) return raw;
  return `${raw.slice(0, 120)}… (${frame.type}, not a frame of the guide)`;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface WaitOptions {
  /** The rule a missing frame breaks. */
  rule: string;
  /** What was expected, for the report. */
  expected: string;
}

export class WsConnection {
  /** Every frame received that is a JSON object with a string `type`, in arrival order. */
  readonly frames: Frame[] = [];
  /** Raw data of received frames that are not such objects (decisions §2 forbids them). */
  readonly malformed: string[] = [];
  /** Received frames of the guide that lack the protocol's shape, with what is wrong with each. */
  readonly misshapen = new Map<Frame, string>();
  closeInfo: CloseInfo | null = null;
  /** Why the opening handshake failed (for example an HTTP status instead of an upgrade). */
  handshakeFailure: string | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly closed: Promise<CloseInfo>;

  private constructor(
    private readonly socket: WebSocket,
    readonly label: string,
    private readonly transcript: Transcript,
    private readonly timeoutMs: number,
  ) {
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('unexpected-response', (_request, response) => {
      this.handshakeFailure = `HTTP ${response.statusCode} instead of a WebSocket upgrade`;
      this.transcript.add(this.label, '·', this.handshakeFailure);
      socket.terminate();
    });
    socket.on('error', (error) => {
      if (!this.handshakeFailure && socket.readyState !== WebSocket.OPEN) this.handshakeFailure = error.message;
      this.transcript.add(this.label, '·', `error: ${error.message}`);
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        this.transcript.add(this.label, '·', `closed ${code}${reason.length ? ` "${reason.toString()}"` : ''}`);
        resolve(this.closeInfo);
        this.wake();
      });
    });
  }

  /** Opens a socket; resolves once it is open or has failed to open. */
  static open(url: string, label: string, transcript: Transcript, timeoutMs: number): Promise<WsConnection> {
    const shown = new URL(url);
    transcript.add(label, '·', `connect ${shown.pathname}${shown.search}`);
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const connection = new WsConnection(socket, label, transcript, timeoutMs);
    return new Promise((resolve) => {
      socket.once('open', () => resolve(connection));
      socket.once('close', () => resolve(connection));
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  private receive(raw: string): void {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      data = undefined;
    }
    if (typeof data === 'object' && data !== null && !Array.isArray(data) && typeof (data as Frame).type === 'string') {
      const frame = data as Frame;
      this.frames.push(frame);
      const issues = shapeIssues(frame);
      if (issues !== null) this.misshapen.set(frame, issues);
      this.transcript.add(this.label, '←', abbreviate(raw, frame), chatsOf(frame));
    } else {
      this.malformed.push(raw);
      this.transcript.add(this.label, '←', raw);
    }
    this.wake();
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Sends a frame (an object is JSON-encoded; a string is sent as is); a chat it names is the scenario's. */
  send(frame: object | string): void {
    if (typeof frame === 'object') for (const chat of chatsOf(frame as Record<string, unknown>)) this.transcript.claim(chat);
    const raw = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.transcript.add(this.label, '→', raw);
    this.socket.send(raw);
  }

  /** Waits until `test` holds, re-checking on every frame and on close. */
  private until<T>(test: () => T | undefined, ms: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const value = test();
        if (value === undefined && this.closeInfo === null) return false;
        finish(value);
        return true;
      };
      const finish = (value: T | undefined): void => {
        clearTimeout(timer);
        this.waiters.delete(onEvent);
        resolve(value);
      };
      const onEvent = (): void => {
        check();
      };
      const timer = setTimeout(() => finish(test()), ms);
      this.waiters.add(onEvent);
      check();
    });
  }

  /**
   * The first frame (from index `from`) satisfying `match`, waiting up to the deadline; it fails
   * when that frame lacks the protocol's shape (see `expectShape`).
   */
  async waitFor(match: (frame: Frame) => boolean, options: WaitOptions, from = 0): Promise<Frame> {
    const find = (): Frame | undefined => this.frames.slice(from).find(match);
    const frame = await this.until(find, this.timeoutMs);
    if (frame) {
      this.expectShape(frame, options.rule);
      return frame;
    }
    if (this.malformed.length) {
      throw new RuleViolation('ws.envelope', `${options.expected}, as one JSON object with a string "type"`, `${this.label} received ${show(this.malformed, 300)}`);
    }
    const state = this.closeInfo ? `the socket closed (${this.closeInfo.code})` : `nothing within ${this.timeoutMs} ms`;
    throw new RuleViolation(options.rule, options.expected, `${state}; ${this.label} received ${this.summary(from)}`);
  }

  /** Waits for the server to close the socket; `null` when it stays open past the deadline. */
  async waitForClose(): Promise<CloseInfo | null> {
    const info = await this.until(() => this.closeInfo ?? undefined, this.timeoutMs);
    return info ?? null;
  }

  /**
   * Sends a ping and waits for the pong that answers it. Frames the server had queued for this
   * connection before it handled the ping have arrived by then: the positive control behind every
   * "nothing arrives" check.
   */
  async roundTrip(rule: string): Promise<void> {
    const from = this.frames.length;
    this.send({ type: 'ping' });
    await this.waitFor((f) => f.type === 'pong', { rule, expected: 'a pong answering the ping' }, from);
  }

  /**
   * Fails unless a frame this connection received has the protocol's shape for its type: with the
   * rule of its type, or, for an `error` frame, `errorRule` (the rule of what it answers).
   */
  expectShape(frame: Frame, errorRule: string = GUIDE_FRAMES.error): void {
    const issues = this.misshapen.get(frame);
    if (issues === undefined) return;
    const rule = frame.type === 'error' ? errorRule : GUIDE_FRAMES[frame.type as GuideFrameType];
    throw new RuleViolation(rule, `a "${frame.type}" frame shaped as the protocol says`, `${this.label} received ${show(frame)}: ${issues}`);
  }

  /** Fails with `rule` if any frame from index `from` satisfies `match`. */
  expectNone(match: (frame: Frame) => boolean, options: WaitOptions, from = 0): void {
    const found = this.frames.slice(from).find(match);
    if (found) throw new RuleViolation(options.rule, options.expected, `${this.label} received ${show(found)}`);
  }

  /** The frames received from index `from`, those outside the guide by type only. */
  summary(from = 0): string {
    const frames = this.frames.slice(from);
    if (frames.length === 0) return 'no frames';
    return show(frames.map((f) => (isGuideFrame(f) ? f : { type: f.type })), 600);
  }

  /** Closes the socket (if still open) and waits briefly for the close to complete. */
  async close(): Promise<void> {
    if (this.closeInfo) return;
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) {
      this.socket.close(1000);
    }
    const timer = setTimeout(() => this.socket.terminate(), 1000);
    await this.closed;
    clearTimeout(timer);
  }
}
