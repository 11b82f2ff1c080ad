import type { ErrorCode } from '@salon-chat/protocol';

/** An error meant for the caller: a REST status with `detail`, or an `error` frame over WebSocket. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const unauthorized = (detail = 'not authenticated') => new AppError(401, 'unauthorized', detail);
export const forbidden = (detail: string) => new AppError(403, 'forbidden', detail);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const invalid = (detail: string) => new AppError(422, 'validation_failed', detail);

const retryAfter = (error: AppError, seconds: number) => Object.assign(error, { headers: { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) } });

/** 429: over a rate; `Retry-After` says when to try again. */
export const tooMany = (detail: string, retryAfterSeconds: number) => retryAfter(new AppError(429, 'rate_limited', detail), retryAfterSeconds);

/** 503: too busy for now; `Retry-After` says when to try again. */
export const unavailable = (detail: string, retryAfterSeconds: number) => retryAfter(new AppError(503, 'unavailable', detail), retryAfterSeconds);
