/** What a scenario works with: its actors, an HTTP client, sockets it opens, and its transcript. */
import type { ParticipantType } from '@salon-chat/protocol';
import { wsUrl, type Actor, type ActorKey, type Actors } from './actors.ts';
import type { TargetConfig } from './config.ts';
import { HttpClient } from './http.ts';
import { Transcript } from './transcript.ts';
import { RuleViolation, Skip, show } from './verdict.ts';
import { WsConnection, chatsOf, type Frame } from './ws.ts';

const ACTOR_NAMES: Record<ActorKey, string> = {
  staff: 'staff[0]',
  staff2: 'staff[1]',
  otherSalonStaff: 'otherSalonStaff',
  customer: 'customers[0]',
  customer2: 'customers[1]',
};

export class Context {
  readonly transcript: Transcript;
  readonly http: HttpClient;
  private readonly sockets: WsConnection[] = [];
  /** Aborted when the scenario ends: what it left running makes no more requests and opens no more sockets. */
  private readonly ended = new AbortController();
  private counter = 0;
  private socketCount = 0;

  constructor(
    readonly config: TargetConfig,
    private readonly actors: Actors,
    /** The deadline for one wait, already multiplied by the timeout scale. */
    readonly timeoutMs: number,
    /** Makes the texts this scenario sends unique across runs and scenarios. */
    private readonly tag: string,
    /** The chats the scenarios of the run have claimed (see `Transcript`). */
    claimedInRun = new Set<number>(),
  ) {
    this.transcript = new Transcript(claimedInRun);
    this.http = new HttpClient(config.baseUrl, timeoutMs * 2, this.transcript, this.ended.signal);
  }

  /** The actor, or a skip naming the config entry that would enable the scenario. */
  actor(key: ActorKey): Actor {
    const actor = this.actors[key];
    if (!actor) this.unconfigured(`the target config has no ${ACTOR_NAMES[key]}`);
    return actor;
  }

  /** A text no other message of any run carries. */
  text(label: string): string {
    this.counter += 1;
    return `${label} ${this.tag}-${this.counter}`;
  }

  /** Opens a socket on the `side` endpoint with `token` (`null`: no token parameter at all). */
  async open(side: ParticipantType, token: string | null, label: string): Promise<WsConnection> {
    this.ended.signal.throwIfAborted();
    this.socketCount += 1;
    const socket = await WsConnection.open(
      wsUrl(this.config, side, token),
      `ws#${this.socketCount} ${label}`,
      this.transcript,
      this.timeoutMs,
    );
    this.sockets.push(socket);
    if (this.ended.signal.aborted) {
      await socket.close();
      this.ended.signal.throwIfAborted();
    }
    return socket;
  }

  /** Opens a socket for `actor` and waits for its `connected` event. */
  async connect(actor: Actor): Promise<WsConnection> {
    const socket = await this.open(actor.side, actor.token, actor.name);
    const frame = await socket.waitFor((f) => f.type === 'connected', {
      rule: 'auth.ws.connected',
      expected: `a "connected" event for ${actor.name}`,
    });
    this.check('auth.ws.connected', frame.participant_id === actor.id && frame.participant_type === actor.side, `participant_type "${actor.side}" and participant_id ${actor.id}`, show(frame));
    return socket;
  }

  /** Fails the scenario with `rule` unless `ok`. */
  check(rule: string, ok: boolean, expected: string, actual: unknown): asserts ok {
    if (!ok) throw new RuleViolation(rule, expected, typeof actual === 'string' ? actual : show(actual));
  }

  skip(reason: string): never {
    throw new Skip(reason);
  }

  /** Skips because the target config lacks what the scenario needs: a required scenario so skipped leaves the run incomplete. */
  unconfigured(reason: string): never {
    throw new Skip(reason, true);
  }

  /**
   * Fails unless every frame the sockets of this scenario received is a JSON object with a string
   * `type`, and each frame of the guide it answers for has the protocol's shape for its type (a
   * frame about another scenario's chat is that scenario's to judge).
   */
  expectWellFormedFrames(): void {
    for (const socket of this.sockets) {
      const raw = socket.malformed[0];
      if (raw !== undefined) throw new RuleViolation('ws.envelope', 'every server frame a JSON object with a string "type"', `${socket.label} received ${show(raw)}`);
    }
    for (const socket of this.sockets) {
      for (const frame of socket.misshapen.keys()) if (this.transcript.answersFor(chatsOf(frame))) socket.expectShape(frame);
    }
  }

  /** Ends the scenario: its requests under way are aborted, its sockets closed, and it can start neither again. */
  async dispose(): Promise<void> {
    this.ended.abort(new Error('the scenario has ended'));
    await Promise.all(this.sockets.map((s) => s.close()));
  }
}

/** Whether a server frame concerns chat `chatId` in any way. */
export function mentionsChat(frame: Frame, chatId: number): boolean {
  return chatsOf(frame).includes(chatId);
}
