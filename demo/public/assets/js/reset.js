/**
 * The demo's reset button: restores the seeded demo data through `POST /api/v1/demo/reset`,
 * which only the demo salons' staff may call (signed in here as the demo owner).
 */
import { account, signIn } from './accounts.js';

export async function resetDemo(server = '') {
  const { access_token: token } = await signIn(server, account('camille'));
  const res = await fetch(`${server}/api/v1/demo/reset`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (res.status === 404) throw new Error('this server has no demo reset (it runs without demo data)');
  if (!res.ok) throw new Error(`reset failed: ${res.status}`);
}

/** Shows a short message at the bottom of the page. */
export function toast(text) {
  const el = document.createElement('div');
  el.className = 'toast';
  el.setAttribute('role', 'status');
  el.textContent = text;
  document.body.append(el);
  setTimeout(() => el.remove(), 3200);
}

/** Wires a button to reset the demo, asking first, then calls `done` (e.g. to reload the widgets). */
export function resetButton(button, done) {
  button.addEventListener('click', async () => {
    if (!confirm('Restore the demo data? Every chat goes back to how it was seeded.')) return;
    button.disabled = true;
    try {
      await resetDemo();
      toast('Demo data restored');
      done();
    } catch (err) {
      toast(err.message);
    } finally {
      button.disabled = false;
    }
  });
}
