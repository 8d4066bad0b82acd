// Smoke test in a real browser: every page renders, with the manager down (clear errors, no crash) and with a
// stand-in manager (1,000 VMs, virtualized table; a 401 sends you to sign in). Screenshots of each page
// land in test-output/screenshots/ for a human to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeManager } from './testing/fake-manager';
import { ensureBuilt, freePort, startWebServer, WEB_DIR, type WebServer } from './testing/web-server';

const SHOTS = join(WEB_DIR, 'test-output', 'screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const MISSING_VM = '00000000-0000-4000-8000-999999999999';

/** Each page, its heading, and whether it calls the manager (so must show the outage). */
const PAGES: { path: string; heading: RegExp; needsManager: boolean }[] = [
  { path: '/dashboard', heading: /^Dashboard$/, needsManager: true },
  { path: '/vms', heading: /^VMs$/, needsManager: true },
  { path: `/vms/${MISSING_VM}`, heading: /^Virtual machine$/, needsManager: true },
  { path: '/vms/create', heading: /^Create VM$/, needsManager: false },
  { path: '/registry', heading: /^Image registry$/, needsManager: true },
  { path: '/templates', heading: /^Templates$/, needsManager: true },
  { path: '/hosts', heading: /^Hosts$/, needsManager: true },
  { path: '/health', heading: /^Health$/, needsManager: true },
  { path: '/settings', heading: /^Settings$/, needsManager: false },
  { path: '/help', heading: /^Help$/, needsManager: false },
  { path: '/function', heading: /^Functions$/, needsManager: false },
];

let web: WebServer;
let browser: Browser;
let managerPort: number;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureBuilt();
  // A port nobody listens on until a test starts the stand-in manager there.
  managerPort = await freePort();
  web = await startWebServer({ MANAGER_URL: `http://127.0.0.1:${managerPort}` });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

async function newPage(width = 1280, height = 800): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height } });
  // Signed in, so pages try the manager instead of sending us to /signin.
  await context.addInitScript(() => window.localStorage.setItem('nqvm.token', 'smoke-token'));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

const shotName = (path: string, suffix = '') =>
  `${path.replace(/^\//, '').replace(/\//g, '_').replace(MISSING_VM, 'id') || 'root'}${suffix}.png`;

describe('with the manager unreachable', () => {
  it('renders every page with a clear error instead of crashing', async () => {
    const { page, errors } = await newPage();
    for (const p of PAGES) {
      await page.goto(`${web.url}${p.path}`);
      await page.getByRole('heading', { level: 1, name: p.heading }).first().waitFor();
      if (p.needsManager) await page.getByText('Manager unreachable').first().waitFor();
      await page.screenshot({ path: join(SHOTS, shotName(p.path)), fullPage: true });
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('redirects / to the dashboard and shows the sign-in form with an "API token" field', async () => {
    const { page } = await newPage();
    await page.goto(web.url);
    await page.waitForURL(/\/dashboard$/);
    await page.goto(`${web.url}/signin`);
    await page.getByLabel('API token').fill('abc');
    await page.screenshot({ path: join(SHOTS, 'signin.png') });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await page.evaluate(() => window.localStorage.getItem('nqvm.token'))).toBe('abc');
    await page.context().close();
  });

  it('keeps the wizard on step 1 until the name, vCPU and memory are valid', async () => {
    const { page } = await newPage(390, 844);
    await page.goto(`${web.url}/vms/create`);
    await page.getByLabel('VM name').fill('x');
    await page.getByLabel('Memory (MiB)').fill('128');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Name must be 3–64 characters').waitFor();
    await page.getByText('Memory must be a whole number ≥ 256 MiB').waitFor();
    await page.screenshot({ path: join(SHOTS, 'vms_create_invalid_narrow.png'), fullPage: true });
    await page.getByLabel('VM name').fill('web-01');
    await page.getByLabel('Memory (MiB)').fill('512');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Step 2: Boot' }).waitFor();
    await page.context().close();
  });
});

describe('with a stand-in manager', () => {
  it('lists 1,000 VMs with only the visible rows rendered, forwarding the bearer token', async () => {
    const fake = await startFakeManager(managerPort, 1000);
    try {
      const { page, errors } = await newPage();
      await page.goto(`${web.url}/vms`);
      await page.getByText('1000 virtual machines').waitFor();
      await page.getByRole('link', { name: 'vm-0000' }).waitFor();
      const rows = await page.locator('tbody tr').count();
      expect(rows).toBeGreaterThan(5);
      expect(rows).toBeLessThan(100);
      await page.getByLabel('Search VMs').fill('vm-0999');
      await page.getByRole('link', { name: 'vm-0999' }).waitFor();
      expect(await page.locator('tbody tr').count()).toBe(1);
      await page.getByLabel('Search VMs').fill('');
      await page.screenshot({ path: join(SHOTS, 'vms_1000.png') });
      await page.goto(`${web.url}/dashboard`);
      await page.getByRole('link', { name: 'vm-0000' }).waitFor();
      await page.getByText('All 1000 matching VMs').waitFor();
      await page.screenshot({ path: join(SHOTS, 'dashboard_data.png'), fullPage: true });
      expect(fake.requests.some((r) => r.url === '/v1/vms' && r.authorization === 'Bearer smoke-token')).toBe(
        true,
      );
      expect(errors).toEqual([]);

      // A 401 from the manager sends the user to sign in, remembering the page.
      fake.mode = 'unauthorized';
      await page.goto(`${web.url}/templates`);
      await page.waitForURL(/\/signin\?next=%2Ftemplates$/);
      await page.getByLabel('API token').waitFor();
      await page.context().close();
    } finally {
      await fake.close();
    }
  });
});
