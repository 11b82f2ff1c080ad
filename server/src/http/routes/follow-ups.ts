import { LinkSignIn } from '@salon-chat/protocol';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { endpoint } from '../endpoint.ts';
import { LinkSession, MailboxItem } from '../models.ts';

const TokenQuery = z.object({ token: z.string().min(1).max(2048) });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small page, for people who open an unsubscribe link in a browser. */
function page(ctx: Context, title: string, body: string): string {
  ctx.type = 'html';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;
}

export const followUpEndpoints = ({ followUps }: Services) => [
  endpoint({
    method: 'post',
    path: '/api/v1/follow-ups/sign-in',
    operationId: 'signInWithLink',
    tag: 'Follow-ups',
    summary: "Open a follow-up's link back (extension)",
    description:
      "Exchanges the token of a follow-up's link (the page's URL fragment `#salon-chat=<token>`) for the customer's sign-in, as a customer login answers it, and the `chat_id` to open. A link works once and for `FOLLOW_UP_LINK_TTL` seconds: used again or expired it answers 410 (`gone`) with a `detail` to show; a token that is not a link of this server 401.",
    access: 'public',
    body: LinkSignIn,
    response: LinkSession,
    errors: [401, 410, 422],
    handler: ({ body }) => followUps.exchange(body.token),
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/follow-ups/unsubscribe',
    operationId: 'unsubscribeFromFollowUps',
    tag: 'Follow-ups',
    summary: 'One-click unsubscribe (extension)',
    description:
      "The URL of a follow-up's `List-Unsubscribe` header (RFC 8058: mail clients POST `List-Unsubscribe=One-Click` to it, form-encoded): the customer of the signed `token` gets no more follow-ups, by e-mail or SMS. Answers a short HTML page; 401 for a token that is not ours.",
    access: 'public',
    query: TokenQuery,
    body: z.object({ 'List-Unsubscribe': z.literal('One-Click') }),
    bodyType: 'application/x-www-form-urlencoded',
    html: true,
    errors: [401, 410, 422],
    handler: async ({ query, ctx }) => {
      await followUps.unsubscribe(query.token);
      return page(ctx, 'Unsubscribed', '<h1>You are unsubscribed</h1><p>You will get no more e-mails or texts about unread replies.</p>');
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/v1/follow-ups/unsubscribe',
    operationId: 'confirmUnsubscribe',
    tag: 'Follow-ups',
    summary: 'Unsubscribe page (extension)',
    description: 'What the unsubscribe link of a follow-up opens in a browser: a page with one button that POSTs to the same URL. A GET changes nothing (mail scanners open links).',
    access: 'public',
    query: TokenQuery,
    html: true,
    errors: [422],
    handler: ({ query, ctx }) =>
      Promise.resolve(
        page(
          ctx,
          'Unsubscribe',
          `<h1>Unsubscribe</h1><p>Stop the e-mails and texts that tell you of unread replies?</p><form method="post" action="?token=${escapeHtml(encodeURIComponent(query.token))}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
        ),
      ),
  }),
  endpoint({
    method: 'get',
    path: '/api/v1/follow-ups/mailbox',
    operationId: 'listMailbox',
    tag: 'Follow-ups',
    summary: "The salon's local mailbox (extension, development)",
    description:
      "Without `SMTP_URL` (or an SMS provider) outside production, follow-ups are kept in the database instead of sent: the salon's staff list them here, newest first, with the rendered HTML, as a demo mailbox shows them. 403 when follow-ups are off.",
    access: 'user',
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    response: z.array(MailboxItem),
    errors: [401, 403, 422],
    handler: ({ actor, query }) => followUps.mailbox(actor, query.limit),
  }),
];
