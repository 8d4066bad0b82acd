// Human units, rate limits, name resolution and exit codes: the pure parts of the API commands.
import { ManagerApiError } from '@nqvm/client';
import { GUEST_READY_LINE as guestReadyLine } from '@nqvm/guest-image';
import { describe, expect, it } from 'vitest';
import { describeRateLimit, parseRateLimit } from '../vm/rate-limit.js';
import { CLI_ERROR_SPECS, cliErrors } from './cli-errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { pickOne } from './resolve.js';
import { formatBytes, parseDuration, parseMemMib, parseRate, parseSize, relativeTime } from './units.js';
import { GUEST_READY_LINE } from './wait.js';

describe('units', () => {
  it('parses sizes in binary units', () => {
    expect(parseSize('1G')).toBe(1024 ** 3);
    expect(parseSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('lots')).toBeUndefined();
  });

  it('reads bare memory numbers as MiB', () => {
    expect(parseMemMib('512')).toBe(512);
    expect(parseMemMib('1G')).toBe(1024);
    expect(parseMemMib('256M')).toBe(256);
  });

  it('tells bits from bytes in rates', () => {
    expect(parseRate('10Mbps')).toBe(1_250_000);
    expect(parseRate('10Mbit')).toBe(1_250_000);
    expect(parseRate('10MB/s')).toBe(10_000_000);
    expect(parseRate('10MBps')).toBe(10_000_000);
    expect(parseRate('1MiB/s')).toBe(1024 ** 2);
    expect(parseRate('fast')).toBeUndefined();
  });

  it('parses durations and formats ages and sizes', () => {
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1.5')).toBe(1500);
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(relativeTime('2025-01-01T11:57:00Z', now)).toBe('3m ago');
    expect(relativeTime('2025-01-01T10:00:00Z', now)).toBe('2h ago');
    expect(relativeTime('2025-01-01T12:00:01Z', now)).toBe('just now');
    expect(formatBytes(1024 ** 3)).toBe('1.0 GiB');
    expect(formatBytes(null)).toBe('-');
  });
});

describe('rate limits', () => {
  it('turns 10Mbps into a 100 ms token bucket and back', () => {
    const limit = parseRateLimit('10Mbps');
    expect(limit).toEqual({ bandwidth: { size: 125_000, refill_time: 100 } });
    expect(describeRateLimit(limit)).toBe('10Mbps');
    expect(parseRateLimit('off')).toBeNull();
    expect(parseRateLimit('quick')).toBeUndefined();
    expect(describeRateLimit(parseRateLimit('50MB/s', 1000))).toBe('400Mbps, 1000 ops/s');
  });
});

describe('pickOne', () => {
  const items = [
    { id: 'aaaa1111-0000', name: 'web' },
    { id: 'aaaa2222-0000', name: 'db' },
    { id: 'bbbb3333-0000', name: 'aaaa1111-0000-but-a-name' },
  ];
  it('prefers an exact ID, then a name, then a unique ID prefix', () => {
    expect(pickOne(items, 'aaaa1111-0000', 'VM', 'ls').name).toBe('web');
    expect(pickOne(items, 'db', 'VM', 'ls').id).toBe('aaaa2222-0000');
    expect(pickOne(items, 'bbbb', 'VM', 'ls').id).toBe('bbbb3333-0000');
  });
  it('refuses ambiguous prefixes and unknown names with their own exit codes', () => {
    const ambiguous = (() => {
      try {
        return pickOne(items, 'aaaa', 'VM', 'nqvm vm ls');
      } catch (err) {
        return err;
      }
    })();
    expect(ambiguous).toMatchObject({ code: 'MVM_ERR_CLI_AMBIGUOUS' });
    expect(String((ambiguous as Error).message)).toContain('web (aaaa1111)');
    expect(exitCodeFor(ambiguous)).toBe(EXIT.USAGE);
    expect(() => pickOne(items, 'nope', 'VM', 'nqvm vm ls')).toThrow("No VM named 'nope'");
  });
});

describe('exit codes', () => {
  const api = (status: number, code: string) => new ManagerApiError(status, { error: 'x', code });
  it('maps server answers onto the documented codes', () => {
    expect(exitCodeFor(api(404, 'MVM_ERR_VM_NOT_FOUND'))).toBe(EXIT.NOT_FOUND);
    expect(exitCodeFor(api(400, 'MVM_ERR_VM_WRONG_STATE'))).toBe(EXIT.CONFLICT);
    expect(exitCodeFor(api(400, 'MVM_ERR_VM_TRANSITIONING'))).toBe(EXIT.CONFLICT);
    expect(exitCodeFor(api(409, 'MVM_ERR_IMAGE_IN_USE'))).toBe(EXIT.CONFLICT);
    expect(exitCodeFor(api(400, 'MVM_ERR_VALIDATION'))).toBe(EXIT.USAGE);
    expect(exitCodeFor(api(503, 'MVM_ERR_NO_HOST_CAPACITY'))).toBe(EXIT.UNAVAILABLE);
    expect(exitCodeFor(api(502, 'MVM_ERR_AGENT_FAILED'))).toBe(EXIT.UNAVAILABLE);
    expect(exitCodeFor(api(500, 'MVM_ERR_INTERNAL'))).toBe(EXIT.ERROR);
    expect(exitCodeFor(cliErrors.UNREACHABLE({ url: 'x' }))).toBe(EXIT.UNAVAILABLE);
    expect(exitCodeFor(cliErrors.VM_NOT_RUNNING({ vm: 'a', state: 'stopped' }))).toBe(EXIT.CONFLICT);
  });

  it('keeps every CLI error code in the README', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const key of Object.keys(CLI_ERROR_SPECS)) expect(readme).toContain(`MVM_ERR_CLI_${key}`);
  });

  it("waits for the default guest's own readiness line", () => {
    expect(GUEST_READY_LINE).toBe(guestReadyLine);
  });
});
