/** A small HTTP client that records every exchange in the scenario transcript. */
import type { Transcript } from './transcript.ts';

export interface HttpResponse {
  status: number;
  /** The parsed JSON body, or `undefined` when the body is not JSON. */
  body: unknown;
  text: string;
  contentType: string;
  headers: Headers;
}

export interface RequestOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as the raw `Authorization` header value. */
  authorization?: string;
  json?: unknown;
  form?: FormData;
  /** Describes `form` in the transcript (the bytes themselves are not recorded). */
  formSummary?: string;
}

/** The target did not answer at all (refused, reset, timed out). */
export class TransportError extends Error {}

export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly transcript?: Transcript,
    /** Aborts every request under way and refuses new ones. */
    private readonly ended?: AbortSignal,
  ) {}

  private deadline(): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return this.ended ? AbortSignal.any([this.ended, timeout]) : timeout;
  }

  /** `path` (from the API's root: `/api/v1/...`) on the target, under the path of `baseUrl` if it has one (a gateway's prefix). */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}${path}`);
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    let body: string | FormData | undefined;
    let shown = '';
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
      shown = ` ${body}`;
    } else if (options.form) {
      body = options.form;
      shown = ` multipart/form-data ${options.formSummary ?? ''}`;
    }
    const auth = headers.authorization === undefined ? ' (no Authorization)' : ` [Authorization: ${headers.authorization}]`;
    this.transcript?.add('http', '→', `${method} ${url.pathname}${url.search}${auth}${shown}`);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, body, signal: this.deadline() });
      text = await response.text();
    } catch (error) {
      const reason = describeFetchError(error);
      this.transcript?.add('http', '·', `${method} ${url.pathname} failed: ${reason}`);
      throw new TransportError(`${method} ${url.pathname}: ${reason}`);
    }
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    this.transcript?.add('http', '←', `${response.status} ${text === '' ? '(empty body)' : text}`);
    return { status: response.status, body: parsed, text, contentType, headers: response.headers };
  }

  /** Fetches a URL the server gave (absolute, or a path on the target) as bytes; the transcript records its type and size. */
  async download(location: string): Promise<{ status: number; contentType: string; bytes: Uint8Array }> {
    const url = new URL(location, this.baseUrl);
    this.transcript?.add('http', '→', `GET ${url.href}`);
    try {
      const response = await fetch(url, { signal: this.deadline() });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const contentType = response.headers.get('content-type') ?? '';
      this.transcript?.add('http', '←', `${response.status} ${contentType || '(no Content-Type)'}, ${bytes.length} bytes`);
      return { status: response.status, contentType, bytes };
    } catch (error) {
      const reason = describeFetchError(error);
      this.transcript?.add('http', '·', `GET ${url.href} failed: ${reason}`);
      throw new TransportError(`GET ${url.href}: ${reason}`);
    }
  }

  get(path: string, token?: string): Promise<HttpResponse> {
    return this.request('GET', path, { token });
  }

  post(path: string, json: unknown, token?: string): Promise<HttpResponse> {
    return this.request('POST', path, { json, token });
  }

  put(path: string, json: unknown, token?: string): Promise<HttpResponse> {
    return this.request('PUT', path, { json, token });
  }

  delete(path: string, token?: string): Promise<HttpResponse> {
    return this.request('DELETE', path, { token });
  }
}

/** One line saying why a request got no HTTP answer. */
export function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer before the deadline';
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return cause.code;
    if (cause?.message) return cause.message;
    return error.message;
  }
  return String(error);
}
