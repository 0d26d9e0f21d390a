import { describe, expect, it } from 'vitest';
import { hostHeaderOf, loopbackHosts, reachableHosts } from '../../electron/http/host-check';

const interfaces = () => ({
  lo: [{ address: '127.0.0.1' }, { address: '::1' }],
  eth0: [{ address: '192.168.1.20' }, { address: 'fe80::1' }],
});

describe('Host headers a door answers to', () => {
  it('loopback only for the API and the renderer', () => {
    expect([...loopbackHosts(8080)]).toEqual(['127.0.0.1:8080', 'localhost:8080']);
  });

  it('the listen address itself when it is one address', () => {
    const hosts = reachableHosts(9000, '10.0.0.5', [], interfaces as never, () => 'province-pc');
    expect(hosts.has('10.0.0.5:9000')).toBe(true);
    expect(hosts.has('192.168.1.20:9000')).toBe(false);
    expect(hosts.has('province-pc:9000')).toBe(false);
    expect(hosts.has('10.0.0.5:9001')).toBe(false);
  });

  it("every interface and the machine's name on a wildcard address, nothing else", () => {
    const hosts = reachableHosts(9000, '0.0.0.0', ['So-Y-Te.example'], interfaces as never, () => 'Province-PC');
    for (const h of [
      '192.168.1.20:9000',
      '[fe80::1]:9000',
      'province-pc:9000',
      'province-pc.local:9000',
      'so-y-te.example:9000',
    ]) {
      expect(hosts.has(h), h).toBe(true);
    }
    expect(hosts.has('evil.com:9000')).toBe(false);
    expect(hosts.has('192.168.1.20')).toBe(false);
  });

  it('brackets IPv6 literals as a Host header does', () => {
    expect(hostHeaderOf('::1', 80)).toBe('[::1]:80');
    expect(hostHeaderOf('[::1]', 80)).toBe('[::1]:80');
  });
});
