import { createHistogram, performance, type EventLoopUtilization, type RecordableHistogram } from 'node:perf_hooks';

/** How the process is doing over the last seconds: what `/healthz` reports. */
export interface VitalSigns {
  /** Seconds the figures cover. */
  window_s: number;
  /** How late a timer due every 10 ms ran: the event loop's delay, in milliseconds. */
  event_loop_delay_ms: { p50: number; p99: number; max: number };
  /** The share of the time the event loop was busy, 0 to 1. */
  event_loop_utilization: number;
  rss_bytes: number;
  heap_used_bytes: number;
}

export interface Vitals {
  read(): VitalSigns;
  stop(): void;
}

const TICK_MS = 10;
const ms = (micros: number) => Math.round(micros / 10) / 100;

/**
 * Watches the event loop in one-second slices and keeps the last `seconds` of them, so a reading
 * covers a recent window whoever else reads it. The delay is sampled by a timer due every 10 ms,
 * recorded in microseconds.
 */
export function watchVitals(seconds = 10): Vitals {
  const slices: { delay: RecordableHistogram; busy: EventLoopUtilization }[] = [];
  let current = createHistogram();
  let due = performance.now() + TICK_MS;
  let tick: NodeJS.Timeout;
  const sample = () => {
    const now = performance.now();
    current.record(Math.max(1, Math.round((now - due) * 1000)));
    due = now + TICK_MS;
    tick = setTimeout(sample, TICK_MS).unref();
  };
  tick = setTimeout(sample, TICK_MS).unref();
  let last = performance.eventLoopUtilization();
  const slice = () => {
    const now = performance.eventLoopUtilization();
    slices.push({ delay: current, busy: performance.eventLoopUtilization(now, last) });
    current = createHistogram();
    last = now;
    if (slices.length > seconds) slices.shift();
  };
  const timer = setInterval(slice, 1000).unref();

  return {
    read() {
      const delay = createHistogram();
      let idle = 0;
      let active = 0;
      for (const s of slices) {
        delay.add(s.delay);
        idle += s.busy.idle;
        active += s.busy.active;
      }
      const empty = delay.count === 0;
      const { rss, heapUsed } = process.memoryUsage();
      return {
        window_s: slices.length,
        event_loop_delay_ms: { p50: empty ? 0 : ms(delay.percentile(50)), p99: empty ? 0 : ms(delay.percentile(99)), max: empty ? 0 : ms(delay.max) },
        event_loop_utilization: idle + active > 0 ? Math.round((active / (idle + active)) * 100) / 100 : 0,
        rss_bytes: rss,
        heap_used_bytes: heapUsed,
      };
    },
    stop() {
      clearInterval(timer);
      clearTimeout(tick);
    },
  };
}
