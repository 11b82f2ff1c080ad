/**
 * The chaos run: simulated people chat through the balancer across two nodes while nodes are
 * killed and restarted, Redis restarts, and connections are cut (both ways, or silenced from the
 * server's side); then everything must be there exactly once, in order, with exact unread
 * counts; then a reconnect storm and a client that stops reading (storm.ts).
 */
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_ACCOUNTS } from '../../server/src/demo/seed.ts';
import { Backoff } from '../../widget/src/client/backoff.ts';
import { CONFIRM_MS } from '../../widget/src/client/connection.ts';
import { installBrowserGlobals } from './browser.ts';
import { check, history, type Findings, type Server } from './checks.ts';
import { Deployment, until, vitals, type NodeProcess } from './deployment.ts';
import { post } from './rest.ts';
import { Person, participantOf, type Heartbeat, type Identity } from './people.ts';
import { reconnectStorm, slowReader, type StormFigures } from './storm.ts';

export interface ChaosOptions {
  databaseUrl: string;
  /** Guest customers, each in a chat of its own with salon 1's staff. */
  customers: number;
  /** Tabs of each of salon 1's two staff accounts. */
  staffTabs: number;
  /** How long the people chat under faults. */
  seconds: number;
  kills: number;
  redisRestarts: number;
  /** Time between two connection faults (a cut or a silenced route), on average. */
  cutEveryMs: number;
  stormClients: number;
  heartbeat: Heartbeat;
  /** Time between a person's actions (writing or reading), on average. */
  actEveryMs: number;
  say: (line: string) => void;
  /** The seed of the run's choices: `CHAOS_SEED`, else drawn (and said). */
  seed?: number;
}

export interface ChaosReport extends Findings {
  kills: number;
  redisRestarts: number;
  cuts: number;
  silenced: number;
  /** The longest time a person was not online, and the bound its backoff and heartbeat allow. */
  longestOutageMs: number;
  outageBoundMs: number;
  overBound: number;
  storm: StormFigures;
  /** The largest resident memory each node reported through the run. */
  rssMaxBytes: Record<string, number>;
  /** The worst event-loop delay (p99 over a node's last 10 s) sampled outside the storm. */
  eventLoopP99Ms: number;
  slowReaderDropped: boolean;
  /** Whether the run found nothing wrong. */
  passed: boolean;
  logDir: string;
}

/** A generator of numbers in [0, 1) drawn from a seed (mulberry32): the same seed makes the same choices. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The run's choices (who acts, which node dies, which connection is cut, and when), from its seed. */
let random: () => number = Math.random;
const between = (low: number, high: number) => low + random() * (high - low);
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];


interface Tokens {
  access_token: string;
  profile: { id: number };
}

/**
 * The longest a person may stay away: a route gone silent is noticed within a ping interval and
 * its pong deadline, or, during a handshake, when the server's `connected` is overdue; then the
 * backoff's first four attempts (the first ones land on a node that is dying at that moment, at
 * worst), each delay at most min(cap, base·2^k), and one more cap for the last handshake on a
 * loaded machine.
 */
export function outageBound({ pingMs, pongMs }: Heartbeat): number {
  const ceilings = new Backoff({ random: () => 0.999_999 });
  let total = Math.max(pingMs + pongMs, CONFIRM_MS);
  for (let k = 0; k < 5; k++) total += ceilings.next();
  return total;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const seed = o.seed ?? (Number(process.env.CHAOS_SEED) || randomInt(2 ** 31));
  random = seeded(seed);
  o.say(`seed ${seed}: CHAOS_SEED=${seed} makes the same choices again`);
  installBrowserGlobals();
  const deployment = await Deployment.start({
    databaseUrl: o.databaseUrl,
    // fifty people and a thousand clients start as guests from one address; the slow reader's guests
    // send as fast as their frame budgets allow, past the budget of messages; the nodes are behind the
    // balancer, whose X-Forwarded-For names each client
    env: {
      GUESTS_PER_MINUTE: '100000',
      GUESTS_PER_DAY_PER_ADDRESS: '100000',
      GUEST_CHATS_PER_DAY_PER_ADDRESS: '100000',
      GUEST_CHATS_PER_DAY_PER_SALON: '100000',
      GUEST_MESSAGES_PER_DAY_PER_ADDRESS: '10000000',
      LOGINS_PER_MINUTE: '100000',
      MESSAGES_PER_SECOND: '100000',
      TRUST_PROXY: '1',
    },
  });
  const { url } = deployment;
  const counts = { kills: 0, redisRestarts: 0, cuts: 0, silenced: 0 };
  const rssMaxBytes: Record<string, number> = {};
  let eventLoopP99Ms = 0;
  let inStorm = false;
  const sampler = setInterval(() => {
    for (const node of deployment.nodes) {
      void vitals(node).then((v) => {
        if (!v) return;
        rssMaxBytes[node.id] = Math.max(rssMaxBytes[node.id] ?? 0, v.rss_bytes);
        if (!inStorm) eventLoopP99Ms = Math.max(eventLoopP99Ms, v.event_loop_delay_ms.p99);
      });
    }
  }, 1000);
  let passed = false;
  try {
    // ---------------------------------------------------------------- the cast
    const [adminAccount, stylistAccount] = DEMO_ACCOUNTS.staff;
    const seenTokens = new Set<string>();
    /** A sign-in of its own for each tab (tokens issued in the same second are the same: wait for the next). */
    const signIn = async (email: string, password: string): Promise<Tokens> => {
      for (;;) {
        const tokens = await post<Tokens>(url, '/api/v1/auth/login', { email, password });
        if (!seenTokens.has(tokens.access_token)) return (seenTokens.add(tokens.access_token), tokens);
        await sleep(250);
      }
    };
    const admin = await signIn(adminAccount!.email, adminAccount!.password);
    const stylist = await signIn(stylistAccount!.email, stylistAccount!.password);
    const server: Server = { url, token: admin.access_token };

    const identities: Identity[] = [];
    const chats: number[] = [];
    /** For each chat, the stylist's first message there: the stylist joins the chat by writing it. */
    const joined = new Map<number, Map<string, number>>();
    for (let i = 0; i < o.customers; i++) {
      const guest = await post<Tokens>(url, '/api/v1/customer-auth/guest', { name: `Guest ${i + 1}`, phone: `+3360000${String(i).padStart(4, '0')}`, staff_id: admin.profile.id });
      const chat = await post<{ id: number }>(url, '/api/v1/chat/chats/customer', { user_id: admin.profile.id, initial_message: `Hello, I am guest ${i + 1}` }, guest.access_token);
      const hello = await post<{ id: number }>(url, `/api/v1/chat/chats/${chat.id}/messages`, { content: 'Sam here too', message_type: 'text' }, stylist.access_token);
      chats.push(chat.id);
      joined.set(chat.id, new Map([[`user:${stylist.profile.id}`, hello.id]]));
      identities.push({ name: `guest-${i + 1}`, mode: 'customer', token: guest.access_token, participant: `customer:${guest.profile.id}` });
    }
    for (let tab = 1; tab <= o.staffTabs; tab++) {
      for (const [account, tokens] of [
        [adminAccount!, admin],
        [stylistAccount!, stylist],
      ] as const) {
        const own = tab === 1 ? tokens : await signIn(account.email, account.password);
        identities.push({ name: `${account.email.split('@')[0]}-tab-${tab}`, mode: 'staff', token: own.access_token, participant: `user:${own.profile.id}` });
      }
    }
    const people = identities.map((who) => new Person(who, url, o.heartbeat));
    await Promise.all(people.map((person) => person.start()));
    o.say(`${people.length} people (${o.customers} guests, ${o.staffTabs} tabs of each of 2 staff) in ${chats.length} chats, on ${url}`);

    // ---------------------------------------------------------------- chatting under faults
    let chatting = true;
    const faultsEnd = Date.now() + o.seconds * 1000;
    const act = async (person: Person) => {
      let n = 0;
      while (chatting) {
        await sleep(between(0, 2 * o.actEveryMs));
        if (!chatting) return;
        const chatId = pick(person.chats.filter((id) => joined.has(id)))!;
        if (random() < 0.6) await person.write(chatId, `${person.who.name} #${++n}`);
        else person.read(chatId, between(0.3, 1));
      }
    };
    const killing = async () => {
      for (let i = 0; i < o.kills; i++) {
        await sleep(Math.max(0, (faultsEnd - Date.now()) / (o.kills - i)) * between(0.3, 1));
        const victim: NodeProcess = pick(deployment.nodes)!;
        await victim.kill();
        counts.kills++;
        await sleep(between(200, 2000));
        await victim.start();
        o.say(`killed and restarted ${victim.id} (${counts.kills}/${o.kills})`);
      }
    };
    const restartingRedis = async () => {
      for (let i = 0; i < o.redisRestarts; i++) {
        await sleep(Math.max(0, (faultsEnd - Date.now()) / (o.redisRestarts - i)) * between(0.3, 1));
        await deployment.redis.restart(between(100, 2000));
        counts.redisRestarts++;
        o.say(`restarted Redis (${counts.redisRestarts}/${o.redisRestarts})`);
      }
    };
    const cutting = async () => {
      while (Date.now() < faultsEnd) {
        await sleep(between(0, 2 * o.cutEveryMs));
        const tunnel = pick([...deployment.balancer.tunnels]);
        if (!tunnel) continue;
        if (random() < 0.7) {
          tunnel.cut();
          counts.cuts++;
        } else {
          tunnel.silence();
          counts.silenced++;
          for (const person of people) if (tunnel.path.includes(encodeURIComponent(person.who.token))) person.wentSilent();
        }
      }
    };
    const chatters = people.map(act);
    await Promise.all([killing(), restartingRedis(), cutting(), sleep(o.seconds * 1000)]);
    chatting = false;
    await Promise.all(chatters);
    o.say(`faults over: ${counts.kills} kills, ${counts.redisRestarts} Redis restarts, ${counts.cuts} cuts, ${counts.silenced} silenced routes`);

    // ---------------------------------------------------------------- calm, then the checks
    await deployment.settled();
    await until(() => people.every((p) => p.online && [...p.wrote.keys()].every((id) => p.confirmed.has(id))), 'everyone back and confirmed', 60_000).catch(() => {});
    const newest = async () => new Map(await Promise.all(chats.map(async (id) => [id, (await history(server, id)).at(-1)?.id ?? 0] as const)));
    const last = await newest();
    await until(() => people.every((p) => [...p.openedAt.keys()].every((id) => p.client.store.lastId(id) >= last.get(id)!)), 'everyone caught up', 15_000).catch(() => {});
    finalReads(people);
    await sleep(2000);
    const findings = await check(server, people, chats, joined);
    const longestOutageMs = Math.max(...people.map((p) => p.longestOutage));
    const bound = outageBound(o.heartbeat);
    const overBound = people.filter((p) => p.longestOutage > bound).length;
    for (const p of people) if (p.longestOutage > bound) findings.problems.push(`${p.who.name}: away for ${p.longestOutage} ms at most (now ${p.client.status})`);
    for (const person of people) person.stop();

    // ---------------------------------------------------------------- a storm and a reader that stops
    inStorm = true;
    const storm = await reconnectStorm(deployment, o.stormClients, o.say);
    inStorm = false;
    const slowReaderDropped = await slowReader(deployment, o.say);

    passed =
      findings.lost === 0 &&
      findings.duplicated === 0 &&
      findings.outOfOrder === 0 &&
      findings.unreadWrong === 0 &&
      findings.readsAstray === 0 &&
      findings.unconfirmed === 0 &&
      overBound === 0 &&
      storm.reconnected === storm.dropped &&
      slowReaderDropped;
    return { ...findings, ...counts, longestOutageMs, outageBoundMs: bound, overBound, storm, rssMaxBytes, eventLoopP99Ms, slowReaderDropped, passed, logDir: deployment.dir };
  } finally {
    clearInterval(sampler);
    await deployment.stop();
    if (passed) deployment.forget();
  }
}

/**
 * Each participant reads once more in each of its chats up to a message newer than anything it
 * marked before, where there is one: whatever reads the faults lost, the newest is then known to
 * the server. A staff member's chats are shared among its tabs, as a person reading in several
 * tabs would, so that no socket sends more reads at once than its frame budget takes.
 */
function finalReads(people: Person[]): void {
  for (const participant of new Set(people.map((p) => p.who.participant))) {
    const tabs = people.filter((p) => p.who.participant === participant);
    tabs[0]!.chats.forEach((chatId, i) => {
      const tab = tabs[i % tabs.length]!;
      const marked = Math.max(0, ...tabs.map((p) => p.marked.get(chatId) ?? 0));
      const newer = tab.client.store.chats.get(chatId)?.messages.filter((m) => m.id > marked && m.local === undefined && participantOf(m) !== participant);
      const upTo = pick(newer ?? []);
      if (upTo) tab.read(chatId, upTo);
    });
  }
}

