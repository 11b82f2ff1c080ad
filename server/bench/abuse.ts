/**
 * What cheap accounts can do to everyone else: a node in its own process, on SQLite and then on
 * PostgreSQL, with its default limits and a busy salon (20,000 chats, 220,000 messages), meets
 * four attacks one after another while a customer of another salon keeps chatting and that
 * salon's staff keep opening their inbox:
 * - search: the busy salon's staff run 16 searches at a time that match nothing;
 * - REST send: a guest posts messages 16 at a time;
 * - guests: one address starts guests, each starting chats and uploading photos;
 * - slow clients: thousands of connections from many addresses send their headers slowly.
 * Prints, for each, what the attack got through and the other salon's send→echo and chat list
 * latency meanwhile, and the disk it grew; writes bench/results/abuse.json. Stops by itself.
 * `BENCH_DATABASES=sqlite` or `=postgres` runs on one of them only.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { WebSocket } from 'ws';
import { openDb, isPostgres, type Db } from '../src/db/connection.ts';
import { bootstrap } from '../src/db/sqlite-client.ts';
import { startNodeProcess } from '../scripts/node-process.ts';
import { postgresDatabase } from '../test/postgres.ts';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Measured } from './abuse-victim.ts';
import { request, writeResults } from './support.ts';

const CHATS = Number(process.env.BENCH_CHATS ?? 20_000);
const MESSAGES_PER_CHAT = 11;
const ATTACK_SECONDS = Number(process.env.BENCH_ATTACK_SECONDS ?? 10);
const CONCURRENCY = 16;
const SLOW_CONNECTIONS = Number(process.env.BENCH_SLOW_CONNECTIONS ?? 5000);
/** The slow clients go on past the server's 10 s for headers, to see it cut them. */
const SLOW_SECONDS = Math.max(ATTACK_SECONDS, 15);
/** The attacker's slow connections come from this many loopback addresses (127.0.1.x). */
const SLOW_ADDRESSES = 100;
/** The other salon's people connect from an address of their own, as a real customer would; so do the slow clients' newcomers. */
const VICTIM_ADDRESS = '127.0.0.2';

const ms = (v: number) => `${v.toFixed(1)} ms`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** A multipart body with one file field. */
function multipart(file: Buffer, name: string, type: string): { body: Buffer; type: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
  return { body: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(full) : statSync(full).size;
  }
  return total;
}

/** Loads a busy salon straight into the database: chats of salon 1 with their participants and messages. */
async function fill(db: Db): Promise<void> {
  // Older than a day, so the customers' chats of the day are their own.
  const start = Date.now() - 2 * 24 * 3600_000 - CHATS * 60_000;
  const words = ['coupe', 'couleur', 'brushing', 'balayage', 'rendez-vous', 'mardi', 'samedi', 'merci', 'parfait', 'shampoing', 'soin', 'frange'];
  for (let first = 0; first < CHATS; first += 1000) {
    await db.transaction(async (trx) => {
      const chats = Array.from({ length: Math.min(1000, CHATS - first) }, (_, k) => {
        const i = first + k;
        const at = new Date(start + i * 60_000).toISOString();
        return { salon_id: 1, title: `Visit ${i}`, last_message_at: at, last_message_preview: `message ${i}`, message_count: MESSAGES_PER_CHAT, created_at: at, updated_at: at };
      });
      const ids: number[] = [];
      for (let i = 0; i < chats.length; i += 500) {
        const rows = await trx('chats').insert(chats.slice(i, i + 500)).returning('id');
        ids.push(...rows.map((r: { id: number } | number) => (typeof r === 'number' ? r : r.id)));
      }
      await trx.batchInsert(
        'chat_participants',
        ids.flatMap((chatId, k) => [
          { chat_id: chatId, participant_type: 'customer', participant_id: 1 + (k % 2), joined_at: chats[k]!.created_at, unread_count: 0 },
          { chat_id: chatId, participant_type: 'user', participant_id: 1, joined_at: chats[k]!.created_at, unread_count: 0 },
        ]),
        500,
      );
      const messages = ids.flatMap((chatId, k) =>
        Array.from({ length: MESSAGES_PER_CHAT }, (_, seq) => ({
          chat_id: chatId,
          seq: seq + 1,
          sender_type: seq % 2 ? 'user' : 'customer',
          sender_id: seq % 2 ? 1 : 1 + (k % 2),
          message_type: 'text',
          content: `${words[(k + seq) % words.length]} ${words[(k * 7 + seq) % words.length]} n°${first + k}-${seq}, ${words[(seq * 5) % words.length]}`,
          created_at: chats[k]!.created_at,
          updated_at: chats[k]!.created_at,
        })),
      );
      await trx.batchInsert('messages', messages, 500);
    });
  }
  if (isPostgres(db)) await db.raw('VACUUM ANALYZE');
}

/** The other salon, on a thread of its own (abuse-victim.ts): `measure(during)` answers what it saw while `during` ran. */
async function otherSalon(url: string) {
  const worker = new Worker(bootstrap(new URL('./abuse-victim.ts', import.meta.url)), { eval: true });
  const answer = async <T>() => ((await once(worker, 'message')) as [T])[0];
  worker.postMessage({ url, address: VICTIM_ADDRESS });
  await answer<'ready'>();
  return {
    async measure(during: Promise<unknown>): Promise<Measured> {
      worker.postMessage('measure');
      await during;
      worker.postMessage('stop');
      return answer<Measured>();
    },
    close: () => worker.terminate(),
  };
}

/** Runs `attack` in `CONCURRENCY` loops for the attack's time (`going()` says whether it still runs); counts the answers by status. */
async function loops(attack: (answers: Map<number, number>, going: () => boolean) => Promise<void>): Promise<Record<string, number>> {
  const answers = new Map<number, number>();
  const until = performance.now() + ATTACK_SECONDS * 1000;
  const going = () => performance.now() < until;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (going()) await attack(answers, going);
    }),
  );
  return Object.fromEntries(answers);
}
const count = (answers: Map<number, number>, status: number) => answers.set(status, (answers.get(status) ?? 0) + 1);

type Attack = (url: string) => Promise<{ got: string; answers: Record<string, number> }>;

const attacks: Record<string, Attack> = {
  async 'search: 16 at a time, matching nothing'(url) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const staff = JSON.parse((await request(agent, `${url}/api/v1/auth/login`, 'POST', { json: { email: 'admin@salon.com', password: 'admin123' } })).body) as { access_token: string };
    let searches = 0;
    const answers = await loops(async (answers) => {
      const res = await request(agent, `${url}/api/v1/chat/chats?limit=50&search=${encodeURIComponent(`zq${searches++}x nowhere`)}`, 'GET', { token: staff.access_token });
      count(answers, res.status);
    });
    return { got: `${answers['200'] ?? 0} searches answered`, answers };
  },

  async 'REST send: one guest, 16 at a time'(url) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const guest = JSON.parse((await request(agent, `${url}/api/v1/customer-auth/guest`, 'POST', { json: { name: 'Flood', phone: '+15550009999', salon_id: 1 } })).body) as { access_token: string };
    const chat = JSON.parse((await request(agent, `${url}/api/v1/chat/chats/customer`, 'POST', { token: guest.access_token, json: { user_id: 1 } })).body) as { id: number };
    const text = 'x'.repeat(4000);
    const answers = await loops(async (answers) => {
      count(answers, (await request(agent, `${url}/api/v1/chat/chats/${chat.id}/messages`, 'POST', { token: guest.access_token, json: { content: text } })).status);
    });
    return { got: `${answers['201'] ?? 0} messages of 4,000 characters stored (${((answers['201'] ?? 0) / ATTACK_SECONDS).toFixed(0)} a second)`, answers };
  },

  async 'guests: one address, each guest starting chats and uploading photos'(url) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const photo = await sharp(Buffer.from(Array.from({ length: 700 * 700 * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width: 700, height: 700, channels: 3 } }).png().toBuffer();
    const upload = multipart(photo, 'photo.png', 'image/png');
    let guests = 0;
    let chats = 0;
    let bytes = 0;
    let guestNumber = 0;
    const answers = await loops(async (answers, going) => {
      const started = await request(agent, `${url}/api/v1/customer-auth/guest`, 'POST', { json: { name: `Guest ${guestNumber++}`, phone: '+15550001111', salon_id: 1 } });
      count(answers, started.status);
      if (started.status !== 201) return;
      guests++;
      const { access_token: token } = JSON.parse(started.body) as { access_token: string };
      while (going()) {
        const res = await request(agent, `${url}/api/v1/chat/chats/customer`, 'POST', { token, json: { user_id: 1, initial_message: 'hello' } });
        count(answers, res.status);
        if (res.status !== 201) break;
        chats++;
      }
      while (going()) {
        const res = await request(agent, `${url}/api/v1/chat/upload`, 'POST', { token, body: upload.body, type: upload.type });
        count(answers, res.status);
        if (res.status !== 201) break;
        bytes += photo.length;
      }
    });
    return { got: `${guests} guests, ${chats} chats, ${(bytes / 1e6).toFixed(0)} MB of uploads`, answers };
  },

  async [`slow clients: ${SLOW_CONNECTIONS} connections sending headers slowly from ${SLOW_ADDRESSES} addresses`](url) {
    const { port } = new URL(url);
    const sockets: net.Socket[] = [];
    let open = 0;
    let refused = 0;
    let cut = 0;
    let ending = false;
    for (let i = 0; i < SLOW_CONNECTIONS; i++) {
      const socket = net.connect({ host: '127.0.0.1', port: Number(port), localAddress: `127.0.1.${1 + (i % SLOW_ADDRESSES)}` });
      let connected = false;
      socket.on('connect', () => {
        connected = true;
        open++;
        socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n');
      });
      socket.on('error', () => connected || refused++);
      socket.on('close', () => {
        if (!connected) return;
        open--;
        if (!ending) cut++;
      });
      // read what the server answers (a 408), so that its close is seen
      socket.resume();
      sockets.push(socket);
      if (i % 200 === 199) await sleep(20);
    }
    const drip = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write(`X-Slow-${Math.random().toString(36).slice(2, 6)}: 1\r\n`);
    }, 5000);
    // Meanwhile people arrive: a login and a socket each second from an address of their own.
    const arrivals = { logins: 0, loginsOk: 0, sockets: 0, socketsOk: 0 };
    const agent = new http.Agent({ keepAlive: false, localAddress: VICTIM_ADDRESS });
    const until = performance.now() + SLOW_SECONDS * 1000;
    while (performance.now() < until) {
      arrivals.logins++;
      const login = await request(agent, `${url}/api/v1/customer-auth/login`, 'POST', { json: { phone: '+1234567890', password: 'customer123' } });
      if (login.status !== 200) {
        await sleep(1000);
        continue;
      }
      arrivals.loginsOk++;
      arrivals.sockets++;
      const { access_token } = JSON.parse(login.body) as { access_token: string };
      const connected = await new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/chat/ws/chat/customer?token=${access_token}`, { localAddress: VICTIM_ADDRESS });
        const timer = setTimeout(() => (ws.terminate(), resolve(false)), 5000);
        ws.once('message', () => (clearTimeout(timer), ws.close(), resolve(true)));
        ws.once('error', () => (clearTimeout(timer), resolve(false)));
      });
      if (connected) arrivals.socketsOk++;
      await sleep(1000);
    }
    const held = open;
    ending = true;
    clearInterval(drip);
    for (const socket of sockets) socket.destroy();
    return {
      got: `after ${SLOW_SECONDS} s ${held} still held, ${cut} cut by the server, ${refused} refused; newcomers: ${arrivals.loginsOk}/${arrivals.logins} logins, ${arrivals.socketsOk}/${arrivals.sockets} sockets`,
      answers: { held, cut, refused, ...arrivals },
    };
  },
};

interface Figures {
  database: string;
  attack: string;
  got: string;
  answers: Record<string, number>;
  echo: Measured['echo'];
  chatList: Measured['chatList'];
  diskGrowthMB: number;
}

async function run(database: 'SQLite' | 'PostgreSQL', databaseUrl: string | undefined): Promise<Figures[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salon-chat-abuse-'));
  const url = databaseUrl ?? `sqlite:${path.join(dir, 'salon-chat.sqlite')}`;
  const node = await startNodeProcess({ DATA_DIR: dir, DATABASE_URL: url, JWT_SECRET: 'bench-secret-bench-secret', LOG_LEVEL: 'info' }, { stderr: 'inherit' });
  const db = openDb(url);
  const figures: Figures[] = [];
  try {
    const started = performance.now();
    await fill(db);
    console.log(`\n${database}: ${CHATS.toLocaleString('en')} chats and ${(CHATS * MESSAGES_PER_CHAT).toLocaleString('en')} messages in salon 1, loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const disk = async () =>
      (isPostgres(db) ? Number((await db.raw('SELECT pg_database_size(current_database()) AS size')).rows[0].size) : directorySize(dir) - directorySize(path.join(dir, 'uploads'))) +
      directorySize(path.join(dir, 'uploads'));
    const victim = await otherSalon(node.url);
    const calm = await victim.measure(sleep(3000));
    console.log(`  no attack: the other salon's send→echo p50 ${ms(calm.echo.p50)}, p99 ${ms(calm.echo.p99)}; chat list p50 ${ms(calm.chatList.p50)}, p99 ${ms(calm.chatList.p99)}`);
    for (const [attack, perform] of Object.entries(attacks)) {
      const before = await disk();
      let outcome: Awaited<ReturnType<Attack>> | undefined;
      const during = await victim.measure(perform(node.url).then((o) => (outcome = o)));
      await sleep(1000);
      const diskGrowthMB = (await disk() - before) / 1e6;
      figures.push({ database, attack, got: outcome!.got, answers: outcome!.answers, ...during, diskGrowthMB });
      console.log(`  ${attack}: ${outcome!.got}; answers ${JSON.stringify(outcome!.answers)}; disk +${diskGrowthMB.toFixed(1)} MB`);
      console.log(`    the other salon meanwhile: send→echo p50 ${ms(during.echo.p50)}, p99 ${ms(during.echo.p99)}, max ${ms(during.echo.max)}; chat list p50 ${ms(during.chatList.p50)}, p99 ${ms(during.chatList.p99)}, max ${ms(during.chatList.max)}`);
    }
    await victim.close();
  } finally {
    await db.destroy();
    const exited = new Promise((resolve) => node.child.once('exit', resolve));
    node.child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

/** Which databases to run on: `BENCH_DATABASES=sqlite,postgres` (both unless told). */
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const results = DATABASES.includes('sqlite') ? await run('SQLite', undefined) : [];
const pg = DATABASES.includes('postgres') ? await postgresDatabase() : { skip: 'not asked for' };
if ('url' in pg) {
  try {
    results.push(...(await run('PostgreSQL', pg.url)));
  } finally {
    await pg.drop();
  }
} else {
  console.log(`PostgreSQL skipped: ${pg.skip}`);
}

console.log(`\nThe other salon while each attack runs ${ATTACK_SECONDS} s (targets: send→echo p99 < 50 ms, chat list p99 < 100 ms)\n`);
console.log('| database | attack | what it got | send→echo p50 / p99 | chat list p50 / p99 | disk |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.database} | ${r.attack} | ${r.got} | ${ms(r.echo.p50)} / ${ms(r.echo.p99)} | ${ms(r.chatList.p50)} / ${ms(r.chatList.p99)} | +${r.diskGrowthMB.toFixed(1)} MB |`);
}
writeResults('abuse', { load: { chats: CHATS, messages: CHATS * MESSAGES_PER_CHAT, attackSeconds: ATTACK_SECONDS, concurrency: CONCURRENCY, slowConnections: SLOW_CONNECTIONS }, results });
const missed = results.filter((r) => r.echo.p99 >= 50 || r.chatList.p99 >= 100);
if (missed.length) console.log(`\n${missed.length} of ${results.length} attacks pushed the other salon over its targets.`);
