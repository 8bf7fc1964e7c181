import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKey, clientKey } from '../../src/channels/request-info.js';

/** A request as clientKey reads it: the socket's address and the headers. */
function request(remoteAddress: string | undefined, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe('client keys', () => {
  it('counts every address of an IPv6 /64 as one client, however it is written', () => {
    const key = '2001:db8:1:2::/64';
    for (const address of [
      '2001:db8:1:2::1',
      '2001:0DB8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:db8:1:2:0:0:0:0',
      '[2001:db8:1:2::9]:443',
      '2001:db8:1:2::5%eth0',
    ]) {
      expect(addressKey(address), address).toBe(key);
    }
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address, and IPv4 addresses one by one', () => {
    expect(addressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('::FFFF:c633:6407')).toBe('198.51.100.7');
    expect(addressKey('[::ffff:198.51.100.7]:8080')).toBe('198.51.100.7');
    expect(addressKey('198.51.100.7:51234')).toBe('198.51.100.7');
    expect(addressKey('198.51.100.8')).toBe('198.51.100.8');
  });

  it('keeps what is not an address as given, cut to 64 characters', () => {
    expect(addressKey('unknown')).toBe('unknown');
    expect(addressKey('x'.repeat(1000))).toHaveLength(64);
  });

  it('reads the socket address, or behind a trusted proxy the last X-Forwarded-For hop, then keys it', () => {
    const forwarded = { 'x-forwarded-for': '2001:db8:9:9::1, 2001:db8:5:6::abcd' };
    expect(clientKey(request('::ffff:10.0.0.1', forwarded), { trustProxy: false })).toBe('10.0.0.1');
    expect(clientKey(request('::ffff:10.0.0.1', forwarded), { trustProxy: true })).toBe('2001:db8:5:6::/64');
    expect(clientKey(request('2001:db8:a:b:c:d:e:f'), { trustProxy: true })).toBe('2001:db8:a:b::/64');
    expect(clientKey(request(undefined), { trustProxy: false })).toBe('unknown');
  });
});
