/** `npm run reset -w demo`: restores the demo data of a running server ($SALON_CHAT_URL, default http://localhost:8000). */
const base = (process.env.SALON_CHAT_URL ?? 'http://localhost:8000').replace(/\/+$/, '');

/** The demo owner's account: only the demo salons' staff may restore the demo. */
const OWNER = { email: 'admin@salon.com', password: 'admin123' };

try {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
  const { access_token: token } = (await login.json()) as { access_token?: string };
  const res = await fetch(`${base}/api/v1/demo/reset`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.ok) {
    console.log(`demo data restored on ${base}`);
  } else {
    console.error(res.status === 404 ? `${base} has no demo reset: is it running with demo data (not NODE_ENV=production)?` : `reset failed on ${base}: ${res.status} ${await res.text()}`);
    process.exitCode = 1;
  }
} catch {
  console.error(`cannot reach ${base}: start it with \`npm start\` or set SALON_CHAT_URL`);
  process.exitCode = 1;
}
