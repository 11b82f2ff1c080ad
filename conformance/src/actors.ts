/** Turns the actors of a target config into tokens and ids (ids come from the `connected` event). */
import { WS_PATHS, type ParticipantType } from '@salon-chat/protocol';
import type { CustomerActorConfig, StaffActorConfig, TargetConfig } from './config.ts';
import { HttpClient, TransportError } from './http.ts';
import { Transcript } from './transcript.ts';
import { show } from './verdict.ts';
import { WsConnection } from './ws.ts';

export type ActorKey = 'staff' | 'staff2' | 'otherSalonStaff' | 'customer' | 'customer2';

export interface Actor {
  key: ActorKey;
  /** How the config names it, e.g. `customers[1]`. */
  name: string;
  side: ParticipantType;
  token: string;
  id: number;
  /** Present when the actor logged in with credentials. */
  login?: { path: string; body: Record<string, string>; refreshToken?: string };
}

export type Actors = Partial<Record<ActorKey, Actor>> & { staff: Actor; customer: Actor };

/** The target cannot be reached or its actors cannot be used; `message` is one line, naming the rule broken if any. */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly rule?: string,
  ) {
    super(rule ? `${message} (rule ${rule})` : message);
  }
}

export const LOGIN_PATHS = { user: '/api/v1/auth/login', customer: '/api/v1/customer-auth/login' } as const;

export function wsBaseUrl(config: TargetConfig): string {
  if (config.wsUrl) return config.wsUrl;
  const url = new URL(config.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export function wsUrl(config: TargetConfig, side: ParticipantType, token: string | null): string {
  const url = new URL(`${wsBaseUrl(config).replace(/\/+$/, '')}${WS_PATHS[side]}`);
  if (token !== null) url.searchParams.set('token', token);
  return url.toString();
}

async function resolveActor(
  config: TargetConfig,
  http: HttpClient,
  key: ActorKey,
  name: string,
  side: ParticipantType,
  entry: StaffActorConfig | CustomerActorConfig,
  timeoutMs: number,
): Promise<Actor> {
  let token: string;
  let login: Actor['login'];
  if ('token' in entry) {
    token = entry.token;
  } else {
    const path = LOGIN_PATHS[side];
    const body: Record<string, string> = { ...entry };
    const response = await http.post(path, body);
    const data = response.body as { access_token?: unknown; refresh_token?: unknown } | undefined;
    if (response.status !== 200 || typeof data?.access_token !== 'string') {
      throw new TargetError(`${name}: POST ${path} answered ${response.status} ${show(response.text, 200)}`, side === 'user' ? 'auth.login.staff' : 'auth.login.customer');
    }
    token = data.access_token;
    login = { path, body, refreshToken: typeof data.refresh_token === 'string' ? data.refresh_token : undefined };
  }
  const socket = await WsConnection.open(wsUrl(config, side, token), name, new Transcript(), timeoutMs);
  try {
    const connected = await socket
      .waitFor((f) => f.type === 'connected', { rule: 'auth.ws.connected', expected: 'a connected frame' })
      .catch(() => null);
    if (!connected || typeof connected.participant_id !== 'number') {
      const why = socket.handshakeFailure ?? (socket.closeInfo ? `closed ${socket.closeInfo.code}` : socket.summary());
      throw new TargetError(`${name}: ${WS_PATHS[side]} gave no usable "connected" event (${why})`, 'auth.ws.connected');
    }
    return { key, name, side, token, id: connected.participant_id, login };
  } finally {
    await socket.close();
  }
}

/** Logs every actor in and learns its id; throws a TargetError naming the actor that fails. */
export async function resolveActors(config: TargetConfig, timeoutMs: number): Promise<Actors> {
  const http = new HttpClient(config.baseUrl, timeoutMs);
  const plan: [ActorKey, string, ParticipantType, StaffActorConfig | CustomerActorConfig | undefined][] = [
    ['staff', 'staff[0]', 'user', config.staff[0]],
    ['staff2', 'staff[1]', 'user', config.staff[1]],
    ['otherSalonStaff', 'otherSalonStaff', 'user', config.otherSalonStaff],
    ['customer', 'customers[0]', 'customer', config.customers[0]],
    ['customer2', 'customers[1]', 'customer', config.customers[1]],
  ];
  const actors: Partial<Record<ActorKey, Actor>> = {};
  try {
    for (const [key, name, side, entry] of plan) {
      if (entry) actors[key] = await resolveActor(config, http, key, name, side, entry, timeoutMs);
    }
  } catch (error) {
    if (error instanceof TransportError) throw new TargetError(`cannot reach ${config.baseUrl}: ${error.message}`);
    throw error;
  }
  return actors as Actors;
}

/** Fails with a TargetError unless the target answers HTTP at all. */
export async function checkReachable(config: TargetConfig, timeoutMs: number): Promise<void> {
  try {
    await new HttpClient(config.baseUrl, timeoutMs).get('/');
  } catch (error) {
    if (error instanceof TransportError) {
      throw new TargetError(`cannot reach ${config.baseUrl}: ${error.message.replace(/^GET \/: /, '')}`);
    }
    throw error;
  }
}
