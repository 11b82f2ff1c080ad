/** The demo accounts seeded by the reference server, and sign-in through the guide's login endpoints. */

export const ACCOUNTS = [
  { id: 'camille', kind: 'user', name: 'Camille Laurent', detail: 'Maison Éclat · owner', email: 'admin@salon.com', password: 'admin123' },
  { id: 'sam', kind: 'user', name: 'Sam Rivera', detail: 'Maison Éclat · stylist', email: 'stylist@salon.com', password: 'stylist123' },
  { id: 'jordan', kind: 'user', name: 'Jordan Lee', detail: 'Studio Nord · owner', email: 'owner@other-salon.com', password: 'owner123' },
  { id: 'emma', kind: 'customer', name: 'Emma Wilson', detail: 'customer', phone: '+1234567890', password: 'customer123' },
  { id: 'lucas', kind: 'customer', name: 'Lucas Brown', detail: 'customer', phone: '+1987654321', password: 'customer456' },
];

export function account(id) {
  return ACCOUNTS.find((a) => a.id === id);
}

/** The login path and body of the guide for staff (`user`) or customers. */
function loginRequest(credentials) {
  return credentials.kind === 'user'
    ? { path: '/api/v1/auth/login', body: { email: credentials.email, password: credentials.password } }
    : { path: '/api/v1/customer-auth/login', body: { phone: credentials.phone, password: credentials.password } };
}

/** Signs in and answers the token response (`access_token`, and `profile` on the reference server). */
export async function signIn(server, credentials) {
  const { path, body } = loginRequest(credentials);
  let res;
  try {
    res = await fetch(`${server}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new Error(`cannot reach ${server || location.origin}`);
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${res.status} ${typeof data.detail === 'string' ? data.detail : res.statusText}`);
  if (typeof data.access_token !== 'string') throw new Error('the login answer has no access_token');
  return data;
}

/** A `tokenProvider` for `<salon-chat>`: signs in again whenever the widget needs a token. */
export function tokenProvider(server, credentials) {
  return async () => (await signIn(server, credentials)).access_token;
}
