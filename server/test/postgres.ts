import { randomBytes } from 'node:crypto';
import knex from 'knex';

const PG_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A throwaway PostgreSQL database, or the reason there is none. */
export async function postgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | { skip: string }> {
  const admin = knex({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3000 });
  const name = `salon_chat_${randomBytes(4).toString('hex')}`;
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.destroy();
    if (process.env.CI === 'true') throw err;
    return { skip: `PostgreSQL not reachable at ${PG_URL}: ${(err as Error).message}` };
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
