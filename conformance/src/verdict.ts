/** How a scenario ends other than by passing. */

/** A rule of the inventory was broken: what the rule wanted and what the server did. */
export class RuleViolation extends Error {
  constructor(
    readonly rule: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${rule}: expected ${expected}; got ${actual}`);
  }
}

/**
 * The scenario cannot run against this target: it lacks a capability (not a failure), or the
 * target config lacks what the scenario needs (`unconfigured`: a required scenario skipped so
 * leaves the run incomplete).
 */
export class Skip extends Error {
  constructor(
    readonly reason: string,
    readonly unconfigured = false,
  ) {
    super(reason);
  }
}

/** Shortens a value for the `actual` part of a report. */
export function show(value: unknown, max = 400): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
