import type { ChaosReport } from './run.ts';

export const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;

/** The figures of a run, one per line, and the problems found. */
export function printReport(r: ChaosReport, print: (line: string) => void): void {
  print(`messages        ${r.messages} stored, ${r.confirmed} confirmed to their senders, ${r.unconfirmed} never confirmed`);
  print(`faults          ${r.kills} node kills, ${r.redisRestarts} Redis restarts, ${r.cuts} cuts, ${r.silenced} silenced routes`);
  print(`lost            ${r.lost}`);
  print(`duplicated      ${r.duplicated}`);
  print(`out of order    ${r.outOfOrder}`);
  print(`unread counts   ${r.unreadWrong} wrong, ${r.readsAstray} participants whose newest read is not the one marked`);
  print(`longest outage  ${r.longestOutageMs} ms (bound ${r.outageBoundMs} ms, ${r.overBound} people over it)`);
  print(
    `storm           ${r.storm.dropped} of ${r.storm.clients} clients dropped, ${r.storm.reconnected} back between ${r.storm.firstBackMs} and ${r.storm.lastBackMs} ms (median ${r.storm.medianBackMs}); event loop p99 ${r.storm.eventLoopP99Ms} ms, max ${r.storm.eventLoopMaxMs} ms`,
  );
  print(`event loop      p99 at most ${r.eventLoopP99Ms} ms outside the storm`);
  print(`memory          ${Object.entries(r.rssMaxBytes).map(([node, bytes]) => `${node} rss at most ${mib(bytes)}`).join(', ')}; slow reader ${r.slowReaderDropped ? 'dropped at its buffer bound' : 'NOT dropped'}`);
  for (const problem of r.problems) print(`  problem: ${problem}`);
  print(r.passed ? 'chaos: passed' : `chaos: FAILED (logs in ${r.logDir})`);
}
