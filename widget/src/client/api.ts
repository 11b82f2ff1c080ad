import type { TokenResponse } from './types.ts';

/** A REST call that failed: `status` 0 means the network failed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    /** Seconds to wait, from `Retry-After` (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** Worth trying again later (network, overload, server restart). */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** A 429 whose `Retry-After` is at most this many seconds is waited out and the request sent again; a longer wait is the caller's to show. */
const WAIT_AT_MOST_S = 5;
/** How many times one request is sent again after a 429. */
const RETRIES_AFTER_429 = 2;

/** The seconds of a response's `Retry-After`, when it gives them. */
export const retryAfterOf = (header: string | null): number | undefined => Number(header) || undefined;

/**
 * How long to wait before sending again a request the server refused with 429 and `Retry-After`
 * (`seconds`), or null when it is not to be sent again by itself: another status, no wait or a
 * longer one than `WAIT_AT_MOST_S`, or sent again `RETRIES_AFTER_429` times already (`attempt`).
 * A 429 is a refusal before any work: sending the request again does nothing twice.
 */
export function waitBeforeRetry(status: number, seconds: number | undefined, attempt: number): number | null {
  if (status !== 429 || seconds === undefined || seconds > WAIT_AT_MOST_S || attempt >= RETRIES_AFTER_429) return null;
  return seconds * 1000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a request (`send`) and, while the server answers a short 429 (`waitBeforeRetry`), waits it out and sends it again. */
async function honouringRetryAfter(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await send();
    const wait = waitBeforeRetry(res.status, retryAfterOf(res.headers.get('retry-after')), attempt);
    if (wait === null) return res;
    await sleep(wait);
  }
}

export type TokenProvider = () => Promise<string | null | undefined> | string | null | undefined;

interface Session {
  access_token: string;
  refresh_token?: string;
}

/**
 * Tokens: the `token` attribute, a `tokenProvider`, or else a session from the sign-in form
 * (kept in localStorage with its refresh token). `renew()` is what a 401 or a 1008 close calls.
 */
export class Auth {
  token: string | null = null;
  provider: TokenProvider | undefined;
  /** Told what a `tokenProvider` threw or rejected with; the token is then none. */
  onProviderError: ((error: unknown) => void) | undefined;
  #session: Session | null;

  constructor(
    private readonly server: string,
    private readonly storageKey: string,
  ) {
    this.#session = read(storageKey);
    this.token = this.#session?.access_token ?? null;
  }

  get signedInHere(): boolean {
    return this.#session !== null;
  }

  /** What the page gives takes over from the saved session, which is then left aside. */
  use(token: string | null, provider: TokenProvider | undefined): void {
    this.provider = provider;
    if (token || provider) {
      this.#session = null;
      this.token = token;
    }
  }

  async current(): Promise<string | null> {
    if (!this.token && this.provider) this.token = await this.#ask(this.provider);
    return this.token;
  }

  async #ask(provider: TokenProvider): Promise<string | null> {
    try {
      return (await provider()) ?? null;
    } catch (e) {
      this.onProviderError?.(e);
      return null;
    }
  }

  /**
   * Gets a fresh token after the server refused `refused` (by default the current one); true at
   * once when another request renewed it meanwhile. False when none can be had. A refresh the
   * server refuses for now (429 beyond a short wait, 5xx), or that the network did not carry,
   * keeps the session and throws that `ApiError`, transient: the caller tries again later.
   */
  async renew(refused = this.token): Promise<boolean> {
    if (refused !== this.token && this.token) return true;
    const stale = this.token;
    this.token = null;
    if (this.provider) {
      this.token = await this.#ask(this.provider);
      return this.token !== null && this.token !== stale;
    }
    if (this.#session?.refresh_token) {
      // another tab of this site may have refreshed the session already: its refresh token is then the live one
      const saved = read(this.storageKey);
      if (saved && saved.access_token !== stale) {
        this.#session = saved;
        this.token = saved.access_token;
        return true;
      }
      const { refresh_token } = this.#session;
      let res: Response;
      try {
        res = await honouringRetryAfter(() =>
          fetch(`${this.server}/api/v1/auth/refresh`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ refresh_token }),
          }),
        );
        if (res.ok) {
          this.save((await res.json()) as TokenResponse);
          return true;
        }
      } catch {
        this.token = stale;
        throw new ApiError(0, 'token refresh: network error');
      }
      const refusal = new ApiError(res.status, `token refresh: HTTP ${res.status}`, undefined, retryAfterOf(res.headers.get('retry-after')));
      if (refusal.transient) {
        this.token = stale;
        throw refusal;
      }
    }
    this.#forget();
    return false;
  }

  /** Whether a request answered `status` with `token` may go once more: a 401 (the token refused), and a fresh token was had. */
  async renewedAfter(status: number, token: string | null): Promise<boolean> {
    return status === 401 && token !== null && (await this.renew(token));
  }

  save(t: TokenResponse): void {
    this.#session = { access_token: t.access_token, refresh_token: t.refresh_token ?? this.#session?.refresh_token };
    this.token = t.access_token;
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.#session));
    } catch {
      /* storage may be unavailable (privacy mode): the session lasts as long as the page */
    }
  }

  /** Ends the session here and, where the server has `logout`, its refresh tokens everywhere. */
  signOut(): void {
    const refresh_token = this.#session?.refresh_token;
    if (refresh_token) {
      fetch(`${this.server}/api/v1/auth/logout`, {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token }),
      }).catch(() => undefined);
    }
    this.#forget();
  }

  #forget(): void {
    this.#session = null;
    this.token = null;
    try {
      localStorage.removeItem(this.storageKey);
    } catch {
      /* nothing stored */
    }
  }
}

function read(key: string): Session | null {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as Session | null;
    return value && typeof value.access_token === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * REST calls with the bearer token; a 401 renews the token once and tries again, a short 429 is
 * waited out (`waitBeforeRetry`); a longer one throws an `ApiError` with its `retryAfter`.
 */
export class Api {
  constructor(
    readonly server: string,
    readonly auth: Auth,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.#send<T>(method, path, body)).data;
  }

  /** A GET of a paged list: a page, and the cursor of the next one while more follow (`X-Next-Cursor`). */
  async page<T>(path: string): Promise<{ data: T; next: string | null }> {
    const { data, res } = await this.#send<T>('GET', path);
    return { data, next: res.headers.get('x-next-cursor') };
  }

  async #send<T>(method: string, path: string, body?: unknown, retried = false): Promise<{ data: T; res: Response }> {
    const token = await this.auth.current();
    let res: Response;
    try {
      res = await honouringRetryAfter(() =>
        fetch(this.server + path, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    } catch {
      throw new ApiError(0, 'network error');
    }
    if (!retried && (await this.auth.renewedAfter(res.status, token))) return this.#send(method, path, body, true);
    const data = (await res.json().catch(() => null)) as { detail?: unknown; code?: string } | null;
    if (!res.ok) {
      const detail = typeof data?.detail === 'string' ? data.detail : `HTTP ${res.status}`;
      throw new ApiError(res.status, detail, data?.code, retryAfterOf(res.headers.get('retry-after')));
    }
    return { data: data as T, res };
  }
}
