/**
 * One node of the outbox tests, in its own process so that a test can kill it: a server over
 * the environment's DATABASE_URL (seeded with the fixture when empty) that prints its URL.
 */
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { seedFixture } from './fixture.ts';

const server = await startServer(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }));
await seedFixture(server.services);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
