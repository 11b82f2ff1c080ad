import { createHmac, randomBytes } from 'node:crypto';
import type { GuestContact, GuestStart, ParticipantType, Profile, TokenResponse } from '@salon-chat/protocol';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Actor } from '../domain.ts';
import { AppError, forbidden, notFound, tooMany, unauthorized } from '../errors.ts';
import { reachableAt, type CustomerRow, type PeopleRepo, type UserRow } from '../repos/people.ts';
import type { DeploymentRepo } from '../repos/deployment.ts';
import type { NewRefreshToken, TokensRepo } from '../repos/tokens.ts';
import type { Limiters } from '../realtime/rate-limit.ts';
import type { PasswordHasher } from './passwords.ts';
import type { QuotaService } from './quotas.ts';

type TokenKind = 'access' | 'refresh';
/** Tokens for one purpose only, carried in the links of follow-ups. */
export type PurposeKind = 'sign-in-link' | 'unsubscribe';

interface Claims {
  typ: ParticipantType;
  kind: TokenKind;
}

export interface AuthOptions {
  secret: string;
  accessTtl: number;
  refreshTtl: number;
  /** Failed logins an account may have in 15 minutes before its logins answer 429. */
  loginFailures: number;
  /** Guests one client address may start in 24 hours. */
  guestsPerDayPerAddress: number;
}

const ISSUER = 'salon-chat';
const FAILURE_WINDOW_SECONDS = 15 * 60;
/**
 * How long after its use a refresh token may be presented once more, by the client that used it
 * (two tabs of one browser refreshing at the same moment): it then answers the same successor.
 * Any other reuse revokes its family.
 */
const REUSE_GRACE_MS = 30_000;

const newId = () => randomBytes(16).toString('base64url');

/** The name of a guest who wrote before giving one. */
export const UNNAMED_GUEST = 'Guest';
const epochSeconds = (at: number | string) => Math.floor(new Date(at).getTime() / 1000);

/** A customer as the services see them; a guest with the salon they may write to. */
const customerActor = (row: CustomerRow): Actor => ({
  type: 'customer',
  id: row.id,
  salonId: null,
  name: row.name,
  ...(row.is_guest ? { guestOf: row.guest_salon_id } : {}),
});

export function authService(people: PeopleRepo, tokens: TokensRepo, deployment: DeploymentRepo, passwords: PasswordHasher, limiters: Limiters, quotas: QuotaService, options: AuthOptions) {
  const key = new TextEncoder().encode(options.secret);
  /**
   * Every token names this deployment (its database's id) as its audience, and only tokens that
   * name it are taken: another deployment's token is refused even where both share a secret.
   */
  let deploymentId: Promise<string> | undefined;
  const ourAudience = () =>
    (deploymentId ??= deployment.id().catch((err: unknown) => {
      deploymentId = undefined;
      throw err;
    }));
  const failures = limiters('failed logins', options.loginFailures / FAILURE_WINDOW_SECONDS, options.loginFailures);

  /** A keyed hash of a client's description: the database keeps no addresses. */
  const fingerprint = (client: string) => createHmac('sha256', key).update(client).digest('base64url').slice(0, 22);

  const sign = async (who: { type: ParticipantType; id: number }, kind: TokenKind, expires: number, jti?: string) => {
    const jwt = new SignJWT({ typ: who.type, kind } satisfies Claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(who.id))
      .setIssuer(ISSUER)
      .setAudience(await ourAudience())
      .setIssuedAt()
      .setExpirationTime(expires);
    return (jti ? jwt.setJti(jti) : jwt).sign(key);
  };

  /** A new refresh token of a family, to be recorded so that it can be used once. */
  const newRefreshToken = (who: { type: ParticipantType; id: number }, family: string): NewRefreshToken => ({
    id: newId(),
    family,
    participant_type: who.type,
    participant_id: who.id,
    expires_at: new Date(Date.now() + options.refreshTtl * 1000).toISOString(),
  });

  /**
   * Checks a password against an account's hash (or a decoy when there is no such account),
   * within the account's budget of failures; a hash made with older parameters is made anew.
   */
  async function passwordMatches(account: string, password: string, row: UserRow | CustomerRow | undefined, rehash: (hash: string) => Promise<unknown>) {
    const { ok, waitMs } = await failures.take(account);
    if (!ok) throw tooMany('too many failed logins for this account: try again later', waitMs / 1000);
    let result: { ok: boolean; rehash: boolean };
    try {
      result = await passwords.verify(password, row?.password_hash);
    } catch (err) {
      await failures.give(account);
      throw err;
    }
    if (!result.ok) return false;
    await failures.give(account);
    if (result.rehash) await rehash(await passwords.hash(password));
    return true;
  }

  const profileOf = (actor: Actor, row: UserRow | CustomerRow): Profile =>
    'email' in row
      ? { participant_type: 'user', id: row.id, name: row.name, email: row.email, salon_id: row.salon_id, role: row.role }
      : { participant_type: 'customer', id: row.id, name: row.name, phone: reachableAt(row), salon_id: actor.salonId, is_guest: Boolean(row.is_guest) };

  /** A new access token, and the JWT of a recorded refresh token (the row is what counts: it may be signed more than once). */
  async function tokensFor(actor: Actor, row: UserRow | CustomerRow, refresh: NewRefreshToken): Promise<TokenResponse> {
    return {
      access_token: await sign(actor, 'access', epochSeconds(Date.now()) + options.accessTtl),
      token_type: 'bearer',
      expires_in: options.accessTtl,
      refresh_token: await sign(actor, 'refresh', epochSeconds(refresh.expires_at), refresh.id),
      profile: profileOf(actor, row),
    };
  }

  /** The tokens of a new sign-in: a new family. */
  async function signIn(actor: Actor, row: UserRow | CustomerRow): Promise<TokenResponse> {
    const refresh = newRefreshToken(actor, newId());
    await tokens.insert(refresh);
    return tokensFor(actor, row, refresh);
  }

  async function load(type: ParticipantType, id: number): Promise<{ actor: Actor; row: UserRow | CustomerRow } | null> {
    if (type === 'user') {
      const row = await people.userById(id);
      return row ? { actor: { type, id, salonId: row.salon_id, name: row.name }, row } : null;
    }
    const row = await people.customerById(id);
    return row ? { actor: customerActor(row), row } : null;
  }

  async function claimsOf(token: string, kind: TokenKind): Promise<{ type: ParticipantType; id: number; jti?: string }> {
    let claims: Claims & { sub?: string; jti?: string };
    const audience = await ourAudience();
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience, requiredClaims: ['exp'] });
      claims = payload as unknown as Claims & { sub?: string; jti?: string };
    } catch {
      throw unauthorized('invalid or expired token');
    }
    const id = Number(claims.sub);
    if (claims.kind !== kind || (claims.typ !== 'user' && claims.typ !== 'customer') || !Number.isInteger(id)) {
      throw unauthorized(`not an ${kind} token`);
    }
    return { type: claims.typ, id, jti: claims.jti };
  }

  async function accountOf(who: { type: ParticipantType; id: number }): Promise<{ actor: Actor; row: UserRow | CustomerRow }> {
    const found = await load(who.type, who.id);
    if (!found) throw unauthorized('the account of this token no longer exists');
    return found;
  }

  const verify = async (token: string, kind: TokenKind) => accountOf(await claimsOf(token, kind));

  /** The stored row of a refresh token this server issued, and whose it is. */
  async function storedRefreshToken(token: string) {
    const claims = await claimsOf(token, 'refresh');
    const row = claims.jti ? await tokens.byId(claims.jti) : undefined;
    if (!row || row.participant_type !== claims.type || row.participant_id !== claims.id) throw unauthorized('unknown refresh token: sign in again');
    return { ...row, owner: claims };
  }

  return {
    async staffLogin(email: string, password: string): Promise<TokenResponse> {
      const row = await people.userByEmail(email);
      const ok = await passwordMatches(`user:${email.toLowerCase()}`, password, row, (hash) => people.setPasswordHash('users', row!.id, hash));
      if (!row || !ok) throw unauthorized('incorrect email or password');
      return signIn({ type: 'user', id: row.id, salonId: row.salon_id, name: row.name }, row);
    },

    async customerLogin(phone: string, password: string): Promise<TokenResponse> {
      const row = await people.customerByPhone(phone);
      const ok = await passwordMatches(`customer:${phone}`, password, row, (hash) => people.setPasswordHash('customers', row!.id, hash));
      if (!row || !ok) throw unauthorized('incorrect phone or password');
      return signIn(customerActor(row), row);
    },

    /**
     * A guest customer of a salon, from a name and a phone number or an e-mail, with the token
     * pair of a customer login. What the guest typed is only a way to reach them: it opens no
     * existing account and no other chat. A client address (`ip`) starts a few guests a day.
     */
    async guest(body: GuestStart, ip: string): Promise<TokenResponse> {
      const salonId = body.salon_id ?? (await people.userById(body.staff_id!))?.salon_id;
      const salon = salonId ? await people.salonById(salonId) : undefined;
      if (!salon) throw notFound(body.salon_id ? 'salon' : 'staff member');
      if (!salon.guests_enabled) throw forbidden('this salon does not take chats from guests: sign in instead');
      const perDay = options.guestsPerDayPerAddress;
      const reservation = await quotas.take(1, [
        {
          meter: quotas.addressMeter('guests', ip),
          limit: perDay,
          refuse: (_used, wait) => tooMany(`too many guests from this address: at most ${perDay} a day; sign in, or try again later`, wait),
        },
      ]);
      let row: CustomerRow;
      try {
        row = await people.createGuest(
          salon.id,
          { name: body.name ?? UNNAMED_GUEST, contact: body.phone || body.email || null, phone: `g:${randomBytes(12).toString('hex')}`, password_hash: '!' },
          new Date().toISOString(),
        );
      } catch (err) {
        await quotas.release(reservation);
        throw err;
      }
      return signIn(customerActor(row), row);
    },

    /**
     * A new token pair for a refresh token, which is then used up; `client` describes who
     * presents it (address and User-Agent). Presented again by the same client within a short
     * grace (two tabs refreshing at once), it answers the same successor, once: no second branch
     * of the sign-in is ever made. Any other reuse is taken for theft: the whole family is
     * revoked, the successor already given included, and everyone holding it signs in anew.
     */
    async refresh(refreshToken: string, client: string): Promise<TokenResponse> {
      const stored = await storedRefreshToken(refreshToken);
      if (stored.revoked) throw unauthorized('this session has ended: sign in again');
      const { actor, row } = await accountOf(stored.owner);
      const now = new Date();
      const by = fingerprint(client);
      const successor = newRefreshToken(actor, stored.family);
      if (await tokens.rotate(stored.id, { at: now.toISOString(), by }, successor)) return tokensFor(actor, row, successor);
      // Used already: its successor is on its row, recorded by the use that came first.
      const used = await tokens.byId(stored.id);
      const since = new Date(now.getTime() - REUSE_GRACE_MS).toISOString();
      const given = used?.successor && (await tokens.reuse(stored.id, by, since, now.toISOString())) ? await tokens.byId(used.successor) : undefined;
      if (!given || given.used_at || given.revoked) {
        await tokens.revokeFamily(stored.family);
        throw unauthorized('this refresh token was already used: the session is ended, sign in again');
      }
      return tokensFor(actor, row, given);
    },

    /** Ends the sign-in a refresh token belongs to: no token of its family refreshes again. */
    async logout(refreshToken: string): Promise<void> {
      await tokens.revokeFamily((await storedRefreshToken(refreshToken)).family);
    },

    /**
     * A token for one purpose (a link's), for the customer `customerId`, until `expiresAt`
     * (epoch seconds); `jti` names what it stands for.
     */
    async purposeToken(kind: PurposeKind, customerId: number, jti: string, expiresAt: number): Promise<string> {
      return sign({ type: 'customer', id: customerId }, kind as unknown as TokenKind, expiresAt, jti);
    },

    /** The customer and `jti` of a purpose token: 401 when it is not one of ours for `kind`, 410 when it expired. */
    async purposeClaims(token: string, kind: PurposeKind): Promise<{ customerId: number; jti: string }> {
      let payload: Claims & { sub?: string; jti?: string };
      try {
        payload = (await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: await ourAudience(), requiredClaims: ['exp', 'jti'] })).payload as unknown as typeof payload;
      } catch (err) {
        if (err instanceof errors.JWTExpired) throw new AppError(410, 'gone', 'this link has expired: start the chat again from the salon\'s page');
        throw unauthorized('this link is not valid');
      }
      const id = Number(payload.sub);
      if ((payload.kind as string) !== kind || payload.typ !== 'customer' || !Number.isInteger(id)) throw unauthorized('this link is not valid here');
      return { customerId: id, jti: payload.jti! };
    },

    /** A new sign-in of a customer, as a login answers it (a link back has proved who they are). */
    async signInCustomer(customerId: number): Promise<TokenResponse> {
      const row = await people.customerById(customerId);
      if (!row) throw unauthorized('the account of this link no longer exists');
      return signIn(customerActor(row), row);
    },

    /** Forgets refresh tokens past their expiry; how many went. */
    forgetExpiredTokens: () => tokens.deleteExpired(new Date().toISOString()),

    /** The actor behind an access token; throws 401 for anything else. */
    async authenticate(token: string): Promise<Actor> {
      return (await verify(token, 'access')).actor;
    },

    /** A guest gives how to reach them (and their name) after the start; an account keeps its own. */
    async guestContact(actor: Actor, body: GuestContact): Promise<Profile> {
      if (actor.guestOf === undefined) throw forbidden('only a guest gives a contact this way: an account has its phone number');
      await people.updateGuest(actor.id, { contact: (body.phone || body.email)!, ...(body.name ? { name: body.name } : {}) });
      return this.profile(actor);
    },

    async profile(actor: Actor): Promise<Profile> {
      const found = await load(actor.type, actor.id);
      if (!found) throw unauthorized('the account no longer exists');
      return profileOf(actor, found.row);
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
