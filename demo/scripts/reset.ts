/** `npm run reset -w demo`: restores the demo data of a running server ($SALON_CHAT_URL, default http://localhost:8000). */
const base = (process.env.SALON_CHAT_URL ?? 'http://localhost:8000').replace(/\/+$/, '');

try {
  const res = await fetch(`${base}/api/v1/demo/reset`, { method: 'POST' });
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
