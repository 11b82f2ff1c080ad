/** A proxy in front of a server that breaks the protocol in chosen ways (HTTP and WebSocket). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface Faults {
  /** Rewrites a frame from the server to the client (`sent`: what this client sent); `null` drops it. */
  fromServer?(raw: string, sent: readonly string[]): string | null;
  /** Closes the client socket with 1000 right after forwarding a frame from the server. */
  closeAfter?(raw: string): boolean;
  /** Frames to send straight back to the client when it sends `raw` (the server never sees them). */
  answerClient?(raw: string): string[];
  /** Rewrites the close code the server sent. */
  closeCode?(code: number): number;
  /** Rewrites a JSON response body of `method path`. */
  json?(method: string, path: string, body: unknown): unknown;
}

export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

function forwardHttp(upstream: URL, faults: Faults, req: http.IncomingMessage, res: http.ServerResponse): void {
  const outgoing = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
    (answer) => {
      const isJson = (answer.headers['content-type'] ?? '').includes('application/json');
      if (!faults.json || !isJson) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = JSON.stringify(faults.json!(req.method ?? 'GET', req.url ?? '/', JSON.parse(text)));
        const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    },
  );
  outgoing.on('error', () => res.destroy());
  req.pipe(outgoing);
}

function bridge(client: WebSocket, target: string, faults: Faults): void {
  const server = new WebSocket(target);
  const pending: string[] = [];
  const sent: string[] = [];
  server.on('open', () => {
    for (const raw of pending.splice(0)) server.send(raw);
  });
  server.on('message', (data) => {
    const raw = faults.fromServer ? faults.fromServer(data.toString(), sent) : data.toString();
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
    const raw = data.toString();
    sent.push(raw);
    for (const answer of faults.answerClient?.(raw) ?? []) client.send(answer);
    if (server.readyState === WebSocket.OPEN) server.send(raw);
    else pending.push(raw);
  });
  client.on('close', () => {
    if (server.readyState === WebSocket.OPEN || server.readyState === WebSocket.CONNECTING) server.terminate();
  });
  client.on('error', () => server.terminate());
}

/** Starts a proxy on a free 127.0.0.1 port in front of `upstreamUrl`. */
export async function startProxy(upstreamUrl: string, faults: Faults): Promise<RunningProxy> {
  const upstream = new URL(upstreamUrl);
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((req, res) => forwardHttp(upstream, faults, req, res));
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (client) => bridge(client, `ws://${upstream.host}${req.url}`, faults));
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
