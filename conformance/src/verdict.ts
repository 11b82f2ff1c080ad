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

/** The scenario cannot run against this target (missing capability or actor); not a failure. */
export class Skip extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Shortens a value for the `actual` part of a report. */
export function show(value: unknown, max = 400): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
