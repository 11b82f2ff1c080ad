import { randomBytes } from 'node:crypto';
import type { GuestStart, ParticipantType, Profile, TokenResponse } from '@salon-chat/protocol';
import { SignJWT, jwtVerify } from 'jose';
import type { Actor } from '../domain.ts';
import { forbidden, notFound, unauthorized } from '../errors.ts';
import { reachableAt, type CustomerRow, type PeopleRepo, type UserRow } from '../repos/people.ts';
import { decoyHash, verifyPassword } from './passwords.ts';

type TokenKind = 'access' | 'refresh';

interface Claims {
  typ: ParticipantType;
  kind: TokenKind;
}

export interface AuthOptions {
  secret: string;
  accessTtl: number;
  refreshTtl: number;
}

const ISSUER = 'salon-chat';

export function authService(people: PeopleRepo, options: AuthOptions) {
  const key = new TextEncoder().encode(options.secret);

  const sign = (who: { type: ParticipantType; id: number }, kind: TokenKind, ttl: number) =>
    new SignJWT({ typ: who.type, kind } satisfies Claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(who.id))
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(key);

  const profileOf = (actor: Actor, row: UserRow | CustomerRow): Profile =>
    'email' in row
      ? { participant_type: 'user', id: row.id, name: row.name, email: row.email, salon_id: row.salon_id, role: row.role }
      : { participant_type: 'customer', id: row.id, name: row.name, phone: reachableAt(row), salon_id: actor.salonId, is_guest: Boolean(row.is_guest) };

  async function tokensFor(actor: Actor, row: UserRow | CustomerRow): Promise<TokenResponse> {
    return {
      access_token: await sign(actor, 'access', options.accessTtl),
      token_type: 'bearer',
      expires_in: options.accessTtl,
      refresh_token: await sign(actor, 'refresh', options.refreshTtl),
      profile: profileOf(actor, row),
    };
  }

  async function load(type: ParticipantType, id: number): Promise<{ actor: Actor; row: UserRow | CustomerRow } | null> {
    if (type === 'user') {
      const row = await people.userById(id);
      return row ? { actor: { type, id, salonId: row.salon_id, name: row.name }, row } : null;
    }
    const row = await people.customerById(id);
    return row ? { actor: { type, id, salonId: null, name: row.name }, row } : null;
  }

  async function verify(token: string, kind: TokenKind): Promise<{ actor: Actor; row: UserRow | CustomerRow }> {
    let claims: Claims & { sub?: string };
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, requiredClaims: ['exp'] });
      claims = payload as unknown as Claims & { sub?: string };
    } catch {
      throw unauthorized('invalid or expired token');
    }
    const id = Number(claims.sub);
    if (claims.kind !== kind || (claims.typ !== 'user' && claims.typ !== 'customer') || !Number.isInteger(id)) {
      throw unauthorized(`not an ${kind} token`);
    }
    const found = await load(claims.typ, id);
    if (!found) throw unauthorized('the account of this token no longer exists');
    return found;
  }

  return {
    async staffLogin(email: string, password: string): Promise<TokenResponse> {
      const row = await people.userByEmail(email);
      const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
      if (!row || !ok) throw unauthorized('incorrect email or password');
      return tokensFor({ type: 'user', id: row.id, salonId: row.salon_id, name: row.name }, row);
    },

    async customerLogin(phone: string, password: string): Promise<TokenResponse> {
      const row = await people.customerByPhone(phone);
      const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
      if (!row || !ok) throw unauthorized('incorrect phone or password');
      return tokensFor({ type: 'customer', id: row.id, salonId: null, name: row.name }, row);
    },

    /**
     * A guest customer of a salon, from a name and a phone number or an e-mail, with the token
     * pair of a customer login. What the guest typed is only a way to reach them: it opens no
     * existing account and no other chat.
     */
    async guest(body: GuestStart): Promise<TokenResponse> {
      const salonId = body.salon_id ?? (await people.userById(body.staff_id!))?.salon_id;
      const salon = salonId ? await people.salonById(salonId) : undefined;
      if (!salon) throw notFound(body.salon_id ? 'salon' : 'staff member');
      if (!salon.guests_enabled) throw forbidden('this salon does not take chats from guests: sign in instead');
      const row = await people.createGuest(
        salon.id,
        { name: body.name, contact: (body.phone ?? body.email)!, phone: `g:${randomBytes(12).toString('hex')}`, password_hash: '!' },
        new Date().toISOString(),
      );
      return tokensFor({ type: 'customer', id: row.id, salonId: null, name: row.name }, row);
    },

    async refresh(refreshToken: string): Promise<TokenResponse> {
      const { actor, row } = await verify(refreshToken, 'refresh');
      return tokensFor(actor, row);
    },

    /** The actor behind an access token; throws 401 for anything else. */
    async authenticate(token: string): Promise<Actor> {
      return (await verify(token, 'access')).actor;
    },

    async profile(actor: Actor): Promise<Profile> {
      const found = await load(actor.type, actor.id);
      if (!found) throw unauthorized('the account no longer exists');
      return profileOf(actor, found.row);
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
