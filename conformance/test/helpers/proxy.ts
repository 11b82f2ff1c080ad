/** A proxy in front of a server that breaks the protocol in chosen ways (HTTP and WebSocket). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

/** A client's WebSocket through the proxy, as a fault sees it. */
export interface Bridge {
  /** The path and query the client connected to. */
  readonly url: string;
  /** Who the server said this is (`connected`). */
  participant?: { type: string; id: number };
  /** The chats this client joined and has not left. */
  readonly joined: Set<number>;
  /** Every chat this client ever joined. */
  readonly everJoined: Set<number>;
  /** What this client sent, raw. */
  readonly sent: string[];
  /** Sends a frame to this client as if from the server. */
  toClient(raw: string): void;
}

export interface HttpRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The JSON body, when the request has one. */
  json?: unknown;
}

export interface Faults {
  /** Rewrites a frame from the server to `bridge`'s client; `null` drops it. `bridges`: every open one. */
  fromServer?(raw: string, bridge: Bridge, bridges: readonly Bridge[]): string | null;
  /** Rewrites a frame from the client before the server sees it: `null` drops it, a list sends several. */
  fromClient?(raw: string, bridge: Bridge): string | string[] | null;
  /** Told when a client's socket has closed. */
  closed?(bridge: Bridge): void;
  /** Closes the client socket with 1000 right after forwarding a frame from the server. */
  closeAfter?(raw: string): boolean;
  /** Frames to send straight back to the client when it sends `raw` (the server never sees them). */
  answerClient?(raw: string, bridge: Bridge): string[];
  /** Rewrites the close code the server sent. */
  closeCode?(code: number): number;
  /** Rewrites the path and query a WebSocket connects to upstream. */
  upgradeUrl?(url: string): string;
  /** Rewrites a request before the server sees it (a JSON body is parsed for it). */
  request?(request: HttpRequest): HttpRequest;
  /** Rewrites the JSON body of a successful response to `method path`. */
  json?(method: string, path: string, body: unknown, request: HttpRequest): unknown;
  /** Rewrites the status of a response to `request` (as the server got it). */
  status?(method: string, path: string, status: number, request: HttpRequest): number;
}

export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

const isJsonRequest = (headers: http.IncomingHttpHeaders) => (headers['content-type'] ?? '').includes('application/json');

function forwardHttp(upstream: URL, faults: Faults, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  let request: HttpRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers };
  if (faults.request) {
    if (isJsonRequest(req.headers) && body.length) request.json = JSON.parse(body.toString('utf8'));
    const original = request.json;
    request = faults.request(request);
    if (request.json !== original) body = Buffer.from(JSON.stringify(request.json));
  }
  const headers = { ...request.headers, host: upstream.host, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  const outgoing = http.request({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.path, headers }, (answer) => {
    const status = faults.status ? faults.status(request.method, request.path, answer.statusCode ?? 502, request) : (answer.statusCode ?? 502);
    const isJson = (answer.headers['content-type'] ?? '').includes('application/json');
    if (!faults.json || !isJson || status >= 300) {
      res.writeHead(status, answer.headers);
      answer.pipe(res);
      return;
    }
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const rewritten = JSON.stringify(faults.json!(request.method, request.path, JSON.parse(text), request));
      const answerHeaders = { ...answer.headers, 'content-length': String(Buffer.byteLength(rewritten)) };
      delete answerHeaders['transfer-encoding'];
      res.writeHead(status, answerHeaders);
      res.end(rewritten);
    });
  });
  outgoing.on('error', () => res.destroy());
  outgoing.end(body);
}

const frameOf = (raw: string): Record<string, unknown> | null => {
  try {
    const data = JSON.parse(raw) as unknown;
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

function bridge(client: WebSocket, url: string, target: string, faults: Faults, bridges: Set<Bridge>): void {
  const server = new WebSocket(target);
  const pending: string[] = [];
  const self: Bridge = {
    url,
    joined: new Set(),
    everJoined: new Set(),
    sent: [],
    toClient: (raw) => {
      if (client.readyState === WebSocket.OPEN) client.send(raw);
    },
  };
  bridges.add(self);
  const toServer = (raw: string) => {
    if (server.readyState === WebSocket.OPEN) server.send(raw);
    else pending.push(raw);
  };
  server.on('open', () => {
    for (const raw of pending.splice(0)) server.send(raw);
  });
  server.on('message', (data) => {
    const original = data.toString();
    const frame = frameOf(original);
    if (frame?.type === 'connected') self.participant = { type: String(frame.participant_type), id: Number(frame.participant_id) };
    const raw = faults.fromServer ? faults.fromServer(original, self, [...bridges]) : original;
    if (raw === null || client.readyState !== WebSocket.OPEN) return;
    client.send(raw);
    if (faults.closeAfter?.(raw)) client.close(1000);
  });
  server.on('close', (code, reason) => {
    if (client.readyState !== WebSocket.OPEN) return;
    if (code === 1005 || code === 1006) client.close();
    else client.close(faults.closeCode ? faults.closeCode(code) : code, reason);
  });
  server.on('error', () => client.terminate());
  client.on('message', (data) => {
    const original = data.toString();
    self.sent.push(original);
    const frame = frameOf(original);
    if (frame?.type === 'join_chat') {
      self.joined.add(Number(frame.chat_id));
      self.everJoined.add(Number(frame.chat_id));
    }
    if (frame?.type === 'leave_chat') self.joined.delete(Number(frame.chat_id));
    for (const answer of faults.answerClient?.(original, self) ?? []) client.send(answer);
    const raw = faults.fromClient ? faults.fromClient(original, self) : original;
    for (const each of raw === null ? [] : Array.isArray(raw) ? raw : [raw]) toServer(each);
  });
  client.on('close', () => {
    bridges.delete(self);
    faults.closed?.(self);
    if (server.readyState === WebSocket.OPEN || server.readyState === WebSocket.CONNECTING) server.terminate();
  });
  client.on('error', () => server.terminate());
}

/** Starts a proxy on a free 127.0.0.1 port in front of `upstreamUrl`. */
export async function startProxy(upstreamUrl: string, faults: Faults): Promise<RunningProxy> {
  const upstream = new URL(upstreamUrl);
  const wss = new WebSocketServer({ noServer: true });
  const bridges = new Set<Bridge>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => forwardHttp(upstream, faults, req, res, Buffer.concat(chunks)));
  });
  server.on('upgrade', (req, socket, head) => {
    const url = req.url ?? '/';
    const target = `ws://${upstream.host}${faults.upgradeUrl ? faults.upgradeUrl(url) : url}`;
    wss.handleUpgrade(req, socket, head, (client) => bridge(client, url, target, faults, bridges));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
