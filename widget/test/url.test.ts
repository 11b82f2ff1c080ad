import { expect } from '@open-wc/testing';
import { safeMediaUrl } from '../src/panel/url.ts';

const server = 'https://api.example.com';

describe('safeMediaUrl', () => {
  it('keeps http and https URLs', () => {
    expect(safeMediaUrl('https://cdn.example.com/a.jpg', server)).to.equal('https://cdn.example.com/a.jpg');
    expect(safeMediaUrl('http://cdn.example.com/a.jpg', server)).to.equal('http://cdn.example.com/a.jpg');
  });

  it('resolves paths against the chat server, not the page', () => {
    expect(safeMediaUrl('/uploads/chat/a.jpg', server)).to.equal('https://api.example.com/uploads/chat/a.jpg');
  });

  it('drops every other scheme and protocol-relative tricks', () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', '//evil.example/a.jpg', '/\\evil.example/a.jpg', 'vbscript:x', 'blob:https://x/y', 'uploads/a.jpg', '', null, undefined]) {
      expect(safeMediaUrl(bad, server), String(bad)).to.equal(null);
    }
  });
});
