import type { Logger } from 'pino';
import type { Services } from './index.ts';

const HOUR_MS = 3600 * 1000;

/**
 * Work no request waits for, once at start and then every hour: uploads no message uses are
 * deleted after `uploadUnattachedHours`, files of interrupted uploads after an hour, refresh
 * tokens and follow-ups' links back once expired, what quotas counted after a day.
 */
export function housekeeping(services: Pick<Services, 'uploads' | 'auth' | 'quotas' | 'followUps'>, options: { uploadUnattachedHours: number }, logger: Logger) {
  let running: Promise<void> = Promise.resolve();

  async function sweep(): Promise<void> {
    const uploads = await services.uploads.expireUnattached(new Date(Date.now() - options.uploadUnattachedHours * HOUR_MS));
    const incoming = await services.uploads.removeIncomingBefore(new Date(Date.now() - HOUR_MS));
    const tokens = await services.auth.forgetExpiredTokens();
    const spent = await services.quotas.forgetSpent();
    const links = await services.followUps.forgetExpiredLinks();
    if (uploads + incoming + tokens + spent + links > 0) logger.info({ uploads, incoming, tokens, spent, links }, 'housekeeping removed what expired');
  }

  const run = () => (running = running.then(sweep).catch((err: unknown) => logger.error({ err }, 'housekeeping failed')));
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  run();

  return {
    /** Runs a sweep now (after any running one) and resolves when it is done. */
    run,
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}

export type Housekeeping = ReturnType<typeof housekeeping>;
