// Start-up: a generated admin token (0600, kept across restarts), manifest images, the CLI entry's arguments.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManager } from './app.js';
import { runManagerCommand } from './main.js';

describe('manager start-up', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nqvm-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const options = { dataDir, logLevel: false as const, reconcileIntervalMs: 0, metricsIntervalMs: 0 };

  it('generates an admin token into <dataDir>/admin-token with mode 0600, once', async () => {
    const first = await buildManager(options);
    expect(first.manager.adminTokenCreated).toBe(true);
    const path = join(dataDir, 'admin-token');
    expect(readFileSync(path, 'utf8').trim()).toBe(first.manager.adminToken);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const ok = await first.inject({
      method: 'GET',
      url: '/v1/vms',
      headers: { authorization: `Bearer ${first.manager.adminToken}` },
    });
    expect(ok.statusCode).toBe(200);
    await first.close();
    // PGlite data under <dataDir>/db persists, and the token is not regenerated.
    const second = await buildManager(options);
    expect(second.manager.adminTokenCreated).toBe(false);
    expect(second.manager.adminToken).toBe(first.manager.adminToken);
    await second.close();
  });

  it('registers the default images from <dataDir>/images/manifest.json, idempotently', async () => {
    const images = join(dataDir, 'images');
    mkdirSync(images, { recursive: true });
    writeFileSync(join(images, 'vmlinux'), 'k');
    writeFileSync(join(images, 'rootfs.ext4'), 'r');
    const manifest = {
      items: [
        {
          kind: 'kernel',
          name: 'debian-cloud',
          path: join(images, 'vmlinux'),
          sha256: 'a'.repeat(64),
          size: 1,
          version: '6.1',
        },
        {
          kind: 'rootfs',
          name: 'busybox',
          path: 'rootfs.ext4',
          sha256: 'b'.repeat(64),
          size: 1,
          version: '1',
        },
      ],
    };
    writeFileSync(join(images, 'manifest.json'), JSON.stringify(manifest));
    const seen: unknown[] = [];
    for (let start = 0; start < 2; start++) {
      const app = await buildManager(options);
      const list = await app.inject({
        method: 'GET',
        url: '/v1/images?project=default',
        headers: { authorization: `Bearer ${app.manager.adminToken}` },
      });
      expect(list.json().items.map((i: { name: string; origin: string }) => `${i.name}:${i.origin}`)).toEqual(
        ['debian-cloud:manifest', 'busybox:manifest'],
      );
      seen.push(list.json().items);
      await app.close();
    }
    // An unchanged manifest leaves the records as they were (same ids, same updated_at).
    expect(seen[1]).toEqual(seen[0]);
  });

  it('parses `nqvm manager` arguments', async () => {
    expect(await runManagerCommand(['--help'])).toBe(0);
    expect(await runManagerCommand(['--bogus'])).toBe(2);
    expect(await runManagerCommand(['--port', 'x'])).toBe(2);
  });
});
