import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`salon-chat: ${err.message}`);
  process.exit(1);
}

// In a terminal, readable lines; everywhere else (servers, tests, CI), one JSON object a line.
const pretty = process.stdout.isTTY && !config.production;
const logger = pino({
  level: config.logLevel,
  base: { service: 'salon-chat' },
  ...(pretty ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname,service', translateTime: 'HH:MM:ss' } } } : {}),
});

const server = await startServer(config, {
  logger,
  staticMounts: [
    // the panel's chunks carry a hash of their content in their names (salon-chat-panel-<hash>.js)
    { prefix: '/widget', dir: path.join(root, 'widget/dist'), immutable: /-[\w-]{8}(\.iife)?\.js(\.map)?$/ },
    { prefix: '/app', dir: path.join(root, 'server/app') },
    { prefix: '/', dir: path.join(root, 'demo/public') },
  ],
}).catch((err: NodeJS.ErrnoException) => {
  if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
  console.error(`salon-chat: cannot listen on ${config.host}:${config.port} (${err.code}); set PORT to another port`);
  process.exit(1);
});
server.logger.info({ url: server.url, port: server.port }, 'salon-chat listening');
server.logger.info(`staff app: ${server.url}/app/`);
if (config.seedDemo) {
  const { url } = server;
  server.logger.info(`demo: ${url}/ · staff inbox: ${url}/staff.html · side by side: ${url}/live.html · console: ${url}/console.html · follow-ups kept: ${url}/mailbox.html · API: ${url}/docs`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err) => {
        server.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
