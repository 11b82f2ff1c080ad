import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey } from '../src/client-address.ts';
import { api, startTestServer } from './helpers.ts';

describe('limits per client address', () => {
  it('count an IPv6 address by its /64 and an IPv4-mapped one as the IPv4 address', () => {
    assert.equal(addressKey('203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('::FFFF:cb00:7109'), '203.0.113.9');
    assert.equal(addressKey('2001:db8:1:2::a'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:0DB8:0001:0002:ffff:1:2:3'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('not-an-address'), 'not-an-address');
  });

  it('give the addresses of one IPv6 /64 behind a trusted proxy one budget of guest starts', async () => {
    const server = await startTestServer({ GUESTS_PER_MINUTE: '2', TRUST_PROXY: '1' });
    try {
      const start = (forwardedFor: string) =>
        api(server, 'POST', '/api/v1/customer-auth/guest', { body: { name: 'Flood', phone: '+33 6 11 11 11 11', salon_id: 1 }, headers: { 'X-Forwarded-For': forwardedFor } });
      assert.equal((await start('2001:db8:1:2::a')).status, 201);
      assert.equal((await start('2001:db8:1:2:ffff::b')).status, 201);
      assert.equal((await start('2001:db8:1:2:1234:5678:9abc:def0')).status, 429, 'a third address of the same /64');
      assert.equal((await start('2001:db8:1:3::a')).status, 201, 'the next /64 is another client');
      assert.equal((await start('198.51.100.7')).status, 201);
      assert.equal((await start('::ffff:198.51.100.7')).status, 201);
      assert.equal((await start('::ffff:198.51.100.7')).status, 429, 'written as IPv6, the IPv4 address keeps its budget');
    } finally {
      await server.stop();
    }
  });
});
