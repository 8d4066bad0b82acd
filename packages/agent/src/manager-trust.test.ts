// The agent's manager trust: pins in any common spelling, a pin refused with an http URL, an https URL
// refused without a pin or saved CA before anything is sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createManagerFetch, explainManagerError, normalizePin } from './manager-trust.js';

const HEX = 'ab'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'nqvm-trust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('manager trust', () => {
  it('reads a pin with or without sha256:, colons or capitals, and refuses anything else', () => {
    expect(normalizePin(`sha256:${HEX}`)).toBe(`sha256:${HEX}`);
    expect(normalizePin(HEX.toUpperCase().match(/../g)?.join(':') ?? '')).toBe(`sha256:${HEX}`);
    expect(() => normalizePin('sha256:abc')).toThrow(/NQVM_MANAGER_CA_SHA256/);
  });

  it('refuses a pin with an http manager URL at once', () => {
    expect(() => createManagerFetch({ managerUrl: 'http://m:18080', agentDir: dir, pin: HEX })).toThrow(
      /is not https/,
    );
  });

  it('sends nothing to an https manager before it has a pin or a saved CA', async () => {
    // 127.0.0.1:9 (discard) is never dialled: the refusal comes first.
    const send = createManagerFetch({ managerUrl: 'https://127.0.0.1:9', agentDir: dir, pin: undefined });
    await expect(send('https://127.0.0.1:9/v1/agent/register')).rejects.toThrow(/no manager CA yet/);
  });

  it('turns TLS mix-ups into the fix', () => {
    const tlsToPlain = Object.assign(new Error('wrong version number'), { code: 'EPROTO' });
    expect(explainManagerError(tlsToPlain, 'https://m:18080/x').message).toMatch(/does not speak TLS/);
    const plainToTls = new Error('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(explainManagerError(plainToTls, 'http://m:18443/x').message).toMatch(/use NQVM_MANAGER_URL=https/);
  });
});
