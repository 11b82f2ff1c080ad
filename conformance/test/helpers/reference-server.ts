/** Starts the reference server (server/src/main.ts) on a free port with a fresh database. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { startNodeProcess } from '../../../server/scripts/node-process.ts';

/** The server's HS256 secret in tests, so the expired-token scenarios can run. */
export const JWT_SECRET = 'conformance-test-secret';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startReferenceServer(): Promise<RunningServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'salon-chat-conformance-'));
  const node = await startNodeProcess({
    DATABASE_URL: `sqlite:${path.join(dir, 'chat.sqlite')}`,
    DATA_DIR: dir,
    UPLOAD_DIR: path.join(dir, 'uploads'),
    LOG_LEVEL: 'info',
    JWT_SECRET,
    NODE_ENV: 'test',
    // every run of the suite starts its chats as the same customers, and the fault tests run it a dozen times
    CHATS_PER_DAY: '100000',
    MESSAGES_PER_SECOND: '100000',
    // every test signs in anew from this one address, some with a wrong password on purpose
    LOGINS_PER_MINUTE: '100000',
    // and opens its sockets and requests from it too, scenarios side by side, the fault tests through a proxy
    MAX_CONNECTIONS_PER_ADDRESS: '100000',
    UPLOADS_PER_MINUTE: '100000',
    LOGIN_FAILURES_PER_ACCOUNT: '100000',
    REFRESHES_PER_MINUTE: '100000',
    // scenarios side by side send their frames as the same few accounts: the budget of an account's sockets together is not what they test
    WS_ACCOUNT_FRAMES_PER_SECOND: '100000',
    WS_ACCOUNT_BYTES_PER_SECOND: String(1024 * 1024 * 1024),
    // the fault tests run the suite at half its timeouts: logins must not wait on the production hashing cost
    SCRYPT_PARAMS: 'N=1024,r=8,p=1',
  }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const exited = new Promise<void>((resolve) => node.child.once('exit', () => resolve()));
  return {
    url: node.url,
    async stop() {
      if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For the `describe` it is called in: the reference server, started before its tests and stopped after them. */
export function referenceServer(): { readonly url: string } {
  let server: RunningServer | undefined;
  before(async () => {
    server = await startReferenceServer();
  });
  after(() => server?.stop());
  return {
    get url() {
      return server!.url;
    },
  };
}

/** targets/reference.json pointed at `url`, with the secret. */
export function referenceConfig(url: string): Record<string, unknown> {
  return {
    baseUrl: url,
    staff: [
      { email: 'admin@salon.com', password: 'admin123' },
      { email: 'stylist@salon.com', password: 'stylist123' },
    ],
    otherSalonStaff: { email: 'owner@other-salon.com', password: 'owner123' },
    customers: [
      { phone: '+1234567890', password: 'customer123' },
      { phone: '+1987654321', password: 'customer456' },
    ],
    jwtSecret: JWT_SECRET,
  };
}
