// /docs in a real browser: the page loads without a credential, the API document only with a ticket (as the web
// UI opens it) or a pasted token; without either the page shows no API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildManager } from '@nqvm/manager';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/web-ui.js';

const ADMIN = 'docs-admin-token';

describe('API reference (/docs) in a browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base = '';
  let viewer = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'nqvm-docs-'));

  beforeAll(async () => {
    app = await buildManager({
      dataDir,
      adminToken: ADMIN,
      joinToken: 'docs-join',
      inMemoryDb: true,
      logLevel: false,
      reconcileIntervalMs: 0,
      metricsIntervalMs: 0,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const res = await fetch(`${base}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'docs-viewer', role: 'viewer' }),
    });
    viewer = ((await res.json()) as { token: string }).token;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ticket(): Promise<string> {
    const res = await fetch(`${base}/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer}`, 'content-type': 'application/json' },
      body: '{}',
    });
    return ((await res.json()) as { ticket: string }).ticket;
  }

  it('shows the API with a ticket in the fragment, with a pasted token, and nothing without either', async () => {
    // 1. As the web UI's Help page opens it: a single-use ticket, dropped from the address bar.
    const withTicket = await browser.newPage();
    await withTicket.goto(`${base}/docs#ticket=${await ticket()}`);
    await withTicket.getByText('nqvm manager API').first().waitFor({ timeout: 60_000 });
    await withTicket.getByText('/v1/vms/{id}/snapshots').first().waitFor();
    expect(withTicket.url()).not.toContain('ticket=');
    await withTicket.close();

    // 2. Opened directly: the page asks once for a token and then shows the API.
    const pasted = await browser.newPage();
    const prompts: string[] = [];
    pasted.on('dialog', (d) => {
      prompts.push(d.message());
      void d.accept(viewer);
    });
    await pasted.goto(`${base}/docs`);
    await pasted.getByText('/v1/vms/{id}/snapshots').first().waitFor({ timeout: 60_000 });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatch(/API token/);
    await pasted.close();

    // 3. Cancelled: the page loads (it holds no data) but the document is refused.
    const anonymous = await browser.newPage();
    anonymous.on('dialog', (d) => void d.dismiss());
    const spec = anonymous.waitForResponse((r) => r.url().includes('/docs/json'));
    await anonymous.goto(`${base}/docs`);
    expect((await spec).status()).toBe(401);
    expect(await anonymous.getByText('/v1/vms/{id}/snapshots').count()).toBe(0);
    await anonymous.close();
  }, 180_000);
});
