import { idParam, QuickReply, QuickReplyChange, QuickReplyDraft } from '@salon-chat/protocol';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { endpoint, IdParams } from '../endpoint.ts';

const ReplyParams = z.object({ id: idParam, rid: idParam });
const tag = 'Quick replies';
const placeholders =
  'Placeholders in `content` are filled by the client when it inserts the reply: `{first_name}` (the customer), `{salon}`, `{hours}` (its opening hours), `{my_name}` (the staff member); others stay as typed.';

export const quickReplyEndpoints = ({ quickReplies }: Services) => [
  endpoint({
    method: 'get',
    path: '/api/v1/salons/:id/quick-replies',
    operationId: 'listQuickReplies',
    tag,
    summary: "The caller's quick replies (extension)",
    description: `The salon's shared replies (\`scope: "salon"\`) and the caller's own (\`"mine"\`), by shortcut; \`editable\` says which the caller may change. For the salon's staff. ${placeholders}`,
    access: 'user',
    params: IdParams,
    response: z.array(QuickReply),
    handler: ({ actor, params }) => quickReplies.list(actor, params.id),
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/salons/:id/quick-replies',
    operationId: 'createQuickReply',
    tag,
    summary: 'Add a quick reply (extension)',
    description:
      "One of the caller's own (`scope: \"mine\"`, the default), or one the salon shares (`\"salon\"`: for its owners and admins, or any of its staff where it has none). A shortcut already used in the same scope answers 409; so does a scope that holds 100 replies.",
    access: 'user',
    status: 201,
    params: IdParams,
    body: QuickReplyDraft,
    response: QuickReply,
    errors: [409],
    handler: ({ actor, params, body }) => quickReplies.create(actor, params.id, body),
  }),
  endpoint({
    method: 'put',
    path: '/api/v1/salons/:id/quick-replies/:rid',
    operationId: 'updateQuickReply',
    tag,
    summary: 'Change a quick reply (extension)',
    description: "Changes the fields given; the others, and the scope, stay. One's own, or a shared one for those who look after them (else 403); someone else's own is 404.",
    access: 'user',
    params: ReplyParams,
    body: QuickReplyChange,
    response: QuickReply,
    errors: [404, 409],
    handler: ({ actor, params, body }) => quickReplies.update(actor, params.id, params.rid, body),
  }),
  endpoint({
    method: 'delete',
    path: '/api/v1/salons/:id/quick-replies/:rid',
    operationId: 'deleteQuickReply',
    tag,
    summary: 'Delete a quick reply (extension)',
    description: "One's own, or a shared one for those who look after them (else 403); someone else's own is 404.",
    access: 'user',
    status: 204,
    params: ReplyParams,
    errors: [404],
    handler: ({ actor, params }) => quickReplies.remove(actor, params.id, params.rid),
  }),
];
