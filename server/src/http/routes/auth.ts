import { CustomerLogin, CustomersQuery, GuestContact, GuestStart, RefreshRequest, Salon, SalonSettings, SalonSettingsUpdate, StaffLogin } from '@salon-chat/protocol';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { IdParams, endpoint } from '../endpoint.ts';
import { perAddress } from '../limits.ts';
import { Customer, ServedProfile, ServedTokens } from '../models.ts';
import { addressKey } from '../../client-address.ts';

/**
 * Who presents a refresh token: its address (`X-Forwarded-For` as `TRUST_PROXY` allows; an IPv6
 * one by its /64, through which a device's privacy addresses rotate) and User-Agent.
 */
const clientOf = (ctx: Context) => `${addressKey(ctx.ip)} ${ctx.get('user-agent')}`;

export const authEndpoints = ({ auth, directory, limiters }: Services, limits: { guestsPerMinute: number; loginsPerMinute: number; refreshesPerMinute: number }) => {
  const guestRate = perAddress(limiters, limits.guestsPerMinute, 'guest chats');
  const loginRate = perAddress(limiters, limits.loginsPerMinute, 'logins');
  const refreshRate = perAddress(limiters, limits.refreshesPerMinute, 'token refreshes');
  const throttled =
    'Limited per client address and, for failed attempts, per account (429 with `Retry-After`); 503 with `Retry-After` while the server has too many passwords to check.';
  return [
    endpoint({
      method: 'post',
      path: '/api/v1/auth/login',
      operationId: 'staffLogin',
      tag: 'Authentication',
      summary: 'Staff login',
      description: `Exchanges a staff email and password for an access token (and a refresh token). ${throttled}`,
      access: 'public',
      body: StaffLogin,
      response: ServedTokens,
      errors: [401, 422, 429, 503],
      handler: async ({ body, ctx }) => {
        await loginRate(ctx);
        return auth.staffLogin(body.email, body.password);
      },
    }),
    endpoint({
      method: 'post',
      path: '/api/v1/customer-auth/login',
      operationId: 'customerLogin',
      tag: 'Authentication',
      summary: 'Customer login',
      description: `Exchanges a customer phone number and password for an access token (and a refresh token). ${throttled}`,
      access: 'public',
      body: CustomerLogin,
      response: ServedTokens,
      errors: [401, 422, 429, 503],
      handler: async ({ body, ctx }) => {
        await loginRate(ctx);
        return auth.customerLogin(body.phone, body.password);
      },
    }),
    endpoint({
      method: 'post',
      path: '/api/v1/customer-auth/guest',
      operationId: 'startAsGuest',
      tag: 'Authentication',
      summary: 'Start as a guest (extension)',
      description:
        "Creates a guest customer of a salon (`salon_id`, or the salon of `staff_id`), with a name and a phone number or an e-mail when given (else named \"Guest\" and not reachable until `PUT` gives them), and answers the token pair of a customer login. What the guest gives is only a way to reach them: it opens no existing customer's account or chats. 403 when the salon takes no guests; limited per client address, a minute and a day (429 with `Retry-After`). A guest writes only to this salon.",
      access: 'public',
      status: 201,
      body: GuestStart,
      response: ServedTokens,
      errors: [403, 404, 422, 429],
      handler: async ({ body, ctx }) => {
        await guestRate(ctx);
        return auth.guest(body, ctx.ip);
      },
    }),
    endpoint({
      method: 'put',
      path: '/api/v1/customer-auth/guest',
      operationId: 'giveGuestContact',
      tag: 'Authentication',
      summary: "A guest's contact (extension)",
      description:
        'A guest who wrote first gives a phone number or an e-mail (and a name) afterwards: what the salon sees, and where a follow-up goes. Answers the profile. 403 for a customer with an account.',
      access: 'customer',
      body: GuestContact,
      response: ServedProfile,
      errors: [401, 403, 422],
      handler: ({ actor, body }) => auth.guestContact(actor, body),
    }),
    endpoint({
      method: 'post',
      path: '/api/v1/auth/refresh',
      operationId: 'refreshToken',
      tag: 'Authentication',
      summary: 'Refresh a token',
      description:
        'Exchanges a refresh token (staff or customer) for a new token pair. The refresh token is then used up: keep the new one. Presented once more by the same client (address and User-Agent) within 30 seconds, as by two tabs refreshing at once, it answers the same new refresh token; any other reuse ends the whole sign-in it came from: every refresh token of that sign-in answers 401. Limited per client address (429 with `Retry-After`).',
      access: 'public',
      body: RefreshRequest,
      response: ServedTokens,
      errors: [401, 422, 429],
      handler: async ({ body, ctx }) => {
        await refreshRate(ctx);
        return auth.refresh(body.refresh_token, clientOf(ctx));
      },
    }),
    endpoint({
      method: 'post',
      path: '/api/v1/auth/logout',
      operationId: 'logout',
      tag: 'Authentication',
      summary: 'Sign out (extension)',
      description:
        'Ends the sign-in a refresh token belongs to: no refresh token of it works again. Access tokens already issued stay valid until they expire (`expires_in`).',
      access: 'public',
      status: 204,
      body: RefreshRequest,
      errors: [401, 422],
      handler: ({ body }) => auth.logout(body.refresh_token),
    }),
    endpoint({
      method: 'get',
      path: '/api/v1/auth/me',
      operationId: 'getCaller',
      tag: 'Authentication',
      summary: 'The caller',
      access: 'any',
      response: ServedProfile,
      errors: [401],
      handler: ({ actor }) => auth.profile(actor),
    }),
    endpoint({
      method: 'get',
      path: '/api/v1/salons/:id',
      operationId: 'getSalon',
      tag: 'Directory',
      summary: 'A salon and its staff',
      description: 'Public: what a customer widget shows before sign-in, whom a customer can write to, and whether anyone of the staff is online.',
      access: 'public',
      params: IdParams,
      response: Salon,
      errors: [404],
      handler: ({ params }) => directory.salon(params.id),
    }),
    endpoint({
      method: 'get',
      path: '/api/v1/salons/:id/settings',
      operationId: 'getSalonSettings',
      tag: 'Directory',
      summary: "A salon's settings (extension)",
      description: 'Public: opening hours, a greeting, an away text and a typical reply time (each with its translations) for the customer widget, whether guests may start chats, and whether the salon is open now.',
      access: 'public',
      params: IdParams,
      response: SalonSettings,
      errors: [404],
      handler: ({ params }) => directory.settings(params.id),
    }),
    endpoint({
      method: 'put',
      path: '/api/v1/salons/:id/settings',
      operationId: 'updateSalonSettings',
      tag: 'Directory',
      summary: "Change a salon's settings (extension)",
      description: "The salon's own staff change any of its settings; the others stay as they are.",
      access: 'user',
      params: IdParams,
      body: SalonSettingsUpdate,
      response: SalonSettings,
      errors: [401, 403, 404, 422],
      handler: ({ actor, params, body }) => directory.updateSettings(actor, params.id, body),
    }),
    endpoint({
      method: 'get',
      path: '/api/v1/customers',
      operationId: 'listCustomers',
      tag: 'Directory',
      summary: "The salon's customers",
      description: 'Whom staff can start a chat with: all, or those whose name, phone number or e-mail contains `search`, the first `limit` by name.',
      access: 'user',
      query: CustomersQuery,
      response: z.array(Customer),
      errors: [401, 403, 422],
      handler: ({ actor, query }) => directory.customers(actor, query),
    }),
  ];
};
