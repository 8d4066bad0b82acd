// Terminal WebSocket URLs: settings override, then env, then this host on port 18080; a ticket as ?ticket=.
import { afterEach, describe, expect, it } from 'vitest';
import { managerPublicUrl, shellWsUrl, wsBaseUrl } from './ws-url';

const http = { protocol: 'http:', hostname: 'ui.example' };

describe('wsBaseUrl', () => {
  afterEach(() => {
    delete process.env.NEXT_PUBLIC_WS_BASE_URL;
  });

  it("derives the manager's port from the page's host and scheme", () => {
    expect(wsBaseUrl('', http)).toBe('ws://ui.example:18080');
    expect(wsBaseUrl(undefined, { protocol: 'https:', hostname: 'ui.example' })).toBe(
      'wss://ui.example:18080',
    );
    expect(wsBaseUrl('', { protocol: 'http:', hostname: '::1' })).toBe('ws://[::1]:18080');
  });

  it('prefers the settings override, then NEXT_PUBLIC_WS_BASE_URL', () => {
    process.env.NEXT_PUBLIC_WS_BASE_URL = 'ws://env:1/';
    expect(wsBaseUrl('', http)).toBe('ws://env:1');
    expect(wsBaseUrl('ws://override:2', http)).toBe('ws://override:2');
  });

  it('builds shell and docs URLs', () => {
    expect(shellWsUrl('ws://m:18080', 'a b', 't/k')).toBe('ws://m:18080/v1/vms/a%20b/shell/ws?ticket=t%2Fk');
    expect(shellWsUrl('ws://m:18080', 'id', null)).toBe('ws://m:18080/v1/vms/id/shell/ws');
    expect(managerPublicUrl('wss://m:18080', http)).toBe('https://m:18080');
  });
});
