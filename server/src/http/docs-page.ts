import { createHash } from 'node:crypto';
import type { Endpoint } from './endpoint.ts';
import { openApiPath } from './openapi.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const code = (s: string) => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const WS_CLIENT: [string, string, string][] = [
  ['join_chat', 'chat_id', 'Join a chat room; answered by <code>joined_chat</code> with <code>online_participants</code>.'],
  ['leave_chat', 'chat_id', 'Leave a chat room; answered by <code>left_chat</code>.'],
  ['send_message', 'chat_id, content or media_url (message_type, reply_to_message_id, reference_id, client_message_id)', 'Send a message to a joined chat.'],
  ['typing', 'chat_id, is_typing', 'Typing indicator, delivered to the other members.'],
  ['read_message', 'chat_id, message_id', 'Mark a message (and the unread ones before it) read.'],
  ['ping', '—', 'Keepalive; answered by <code>pong</code>.'],
];

const WS_SERVER: [string, string][] = [
  ['connected', 'participant_type, participant_id, name'],
  ['message', 'message (as in the history), client_message_id'],
  ['typing', 'chat_id, participant_type, participant_id, is_typing'],
  ['read_receipt', 'chat_id, message_id (the newest read of one sender; covers its earlier ones), reader_type, reader_id, read_at (message_ids when the reader named them)'],
  ['user_joined / user_left', 'chat_id, participant_type, participant_id'],
  ['joined_chat / left_chat', 'chat_id (online_participants)'],
  ['presence', 'chat_id, participant_type, participant_id, online, online_participants'],
  ['chat_created', 'chat (as in the chat list)'],
  ['error', 'error, code, chat_id?, client_message_id?'],
  ['pong', 'timestamp'],
];

const ACCESS: Record<Endpoint['access'], string> = { public: 'anyone', any: 'staff or customer', user: 'staff', customer: 'customer' };

/** A readable page of the API: every endpoint and frame, with a link to the OpenAPI document. */
const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 980px; margin: 0 auto; padding: 24px; color: #1f2328; }
  h1 { margin-bottom: 0 } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 32px }
  h3 { font-size: 15px; margin: 16px 0 4px } article p { margin: 2px 0 }
  code { font: 13px ui-monospace, monospace; background: #f3f4f6; padding: 1px 4px; border-radius: 4px }
  .method { display: inline-block; min-width: 44px; text-align: center; color: #fff; border-radius: 4px; padding: 1px 6px; font-size: 12px }
  .get { background: #0969da } .post { background: #1a7f37 } .put { background: #9a6700 }
  table { border-collapse: collapse; width: 100% } td, th { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top }
`;

/** The page's policy: its one style block, nothing else, in no frame. */
export const DOCS_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export function docsPage(endpoints: Endpoint[]): string {
  const tags = [...new Set(endpoints.map((e) => e.tag))];
  const sections = tags
    .map((tag) => {
      const rows = endpoints
        .filter((e) => e.tag === tag)
        .map(
          (e) => `<article>
  <h3><span class="method ${e.method}">${e.method.toUpperCase()}</span> <code>${escape(openApiPath(e.path))}</code></h3>
  <p><strong>${escape(e.summary)}</strong> · ${ACCESS[e.access]} · answers ${e.status ?? 200}${e.errors?.length ? `, errors ${e.errors.join(', ')}` : ''}</p>
  ${e.description ? `<p>${code(e.description)}</p>` : ''}
</article>`,
        )
        .join('\n');
      return `<section><h2>${escape(tag)}</h2>${rows}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>salon-chat API</title>
<style>${STYLE}</style>
</head>
<body>
<h1>salon-chat API</h1>
<p>REST under <code>/api/v1</code> with <code>Authorization: Bearer &lt;token&gt;</code>; errors answer <code>{"detail": …, "code": …}</code>.
Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${sections}
<section>
<h2>WebSocket</h2>
<p><code>ws://HOST/api/v1/chat/ws/chat/user?token=…</code> for staff, <code>…/chat/customer?token=…</code> for customers.
An invalid, expired or wrong-side token closes the socket with code 1008. Every frame is a JSON object with a string <code>type</code>;
bad frames answer an <code>error</code> frame and the socket stays open.</p>
<h3>Client → server</h3>
<table><tr><th>type</th><th>fields</th><th>what</th></tr>
${WS_CLIENT.map(([t, f, w]) => `<tr><td><code>${t}</code></td><td>${escape(f)}</td><td>${w}</td></tr>`).join('\n')}
</table>
<h3>Server → client</h3>
<table><tr><th>type</th><th>fields</th></tr>
${WS_SERVER.map(([t, f]) => `<tr><td><code>${escape(t)}</code></td><td>${escape(f)}</td></tr>`).join('\n')}
</table>
</section>
</body>
</html>`;
}
