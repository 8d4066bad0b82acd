// nqvm doctor runs real checks on this host: QEMU, TCG, TAP, bridge+netns must be present here.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Check } from './check.js';
import { formatReport, runChecks } from './run-doctor.js';

const nqvm = fileURLToPath(new URL('../../../../bin/nqvm', import.meta.url));

describe('nqvm doctor', () => {
  it('reports every host capability as JSON, with the required ones present on this machine', () => {
    const res = spawnSync(nqvm, ['doctor', '--json'], { encoding: 'utf8', timeout: 120_000 });
    const report = JSON.parse(res.stdout) as { ok: boolean; results: { name: string; status: string }[] };
    const byName = new Map(report.results.map((r) => [r.name, r.status]));
    for (const name of ['QEMU', 'TCG (software emulation)', 'TUN/TAP', 'bridge + netns']) {
      expect(byName.get(name), name).toBe('ok');
    }
    expect(byName.has('KVM')).toBe(true);
    expect(report.ok).toBe(true);
    expect(res.status).toBe(0);
  });

  it('fails only on required checks and shows the fix for what is missing', async () => {
    const missing: Check = {
      name: 'widget',
      required: false,
      run: async () => ({ status: 'warn', detail: 'no widget', fix: 'apt-get install widget' }),
    };
    const broken: Check = {
      name: 'engine',
      required: true,
      run: async () => {
        throw new Error('engine exploded');
      },
    };
    const optionalOnly = await runChecks([missing]);
    expect(optionalOnly.ok).toBe(true);
    expect(formatReport(optionalOnly)).toContain('apt-get install widget');

    const withRequired = await runChecks([missing, broken]);
    expect(withRequired.ok).toBe(false);
    expect(formatReport(withRequired)).toMatch(/engine\s+FAIL\s+engine exploded/);
  });
});
