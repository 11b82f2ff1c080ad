import { expect } from '@open-wc/testing';
import { ApiError, Auth } from '../src/client/api.ts';

describe('Auth', () => {
  const key = 'salon-chat:test-auth';
  const realFetch = window.fetch;
  afterEach(() => {
    window.fetch = realFetch;
    localStorage.removeItem(key);
  });

  it('keeps the session and says to try again later when the network fails during a refresh', async () => {
    localStorage.setItem(key, JSON.stringify({ access_token: 'refused', refresh_token: 'still-good' }));
    const auth = new Auth('http://127.0.0.1:9', key);
    window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const renewing = auth.renew('refused');
    let error: unknown;
    await renewing.catch((e: unknown) => (error = e));
    expect(error, 'not a fresh token to retry with').to.be.instanceOf(ApiError);
    expect((error as ApiError).transient).to.equal(true);
    expect(auth.token, 'the session is kept').to.equal('refused');
    expect(auth.signedInHere).to.equal(true);
  });
});
