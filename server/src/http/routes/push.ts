import { PushKey, PushSubscriptionJson, PushUnsubscribe } from '@salon-chat/protocol';
import type { Services } from '../../services/index.ts';
import { endpoint } from '../endpoint.ts';

export const pushEndpoints = ({ push }: Services) => [
  endpoint({
    method: 'get',
    path: '/api/v1/push/key',
    operationId: 'getPushKey',
    tag: 'Web Push',
    summary: "The server's VAPID public key (extension)",
    description:
      "The `applicationServerKey` a browser subscribes with (`pushManager.subscribe`): the uncompressed P-256 public key, base64url. From `VAPID_PUBLIC_KEY`, or made on the server's first start and kept in its data directory. For the salon's staff, who alone subscribe.",
    access: 'user',
    response: PushKey,
    handler: () => push.publicKey(),
  }),
  endpoint({
    method: 'post',
    path: '/api/v1/push/subscriptions',
    operationId: 'subscribeToPush',
    tag: 'Web Push',
    summary: 'Subscribe a device to notifications (extension)',
    description:
      "Takes the browser's `PushSubscription` JSON and keeps it for the signed-in staff member: a customer's message then notifies them on this device when they do not have the chat open (the chat's assignee; all the salon's staff while nobody is). Subscribing an endpoint again updates it. The endpoint must be `https://` and, unless `PUSH_PRIVATE_ENDPOINTS=allow`, on the internet: an address of the server's host or of a private network is refused here (422) and, for a name, when sending.",
    access: 'user',
    status: 204,
    body: PushSubscriptionJson,
    errors: [401, 403, 422],
    handler: ({ actor, body }) => push.subscribe(actor, body),
  }),
  endpoint({
    method: 'delete',
    path: '/api/v1/push/subscriptions',
    operationId: 'unsubscribeFromPush',
    tag: 'Web Push',
    summary: 'Stop notifications to a device (extension)',
    description: "Removes the signed-in staff member's subscription with this `endpoint`; 404 when they have none there.",
    access: 'user',
    status: 204,
    body: PushUnsubscribe,
    errors: [401, 403, 404, 422],
    handler: ({ actor, body }) => push.unsubscribe(actor, body.endpoint),
  }),
];
