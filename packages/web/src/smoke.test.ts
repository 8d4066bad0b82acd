// Smoke test in a real browser: every page renders, with the manager down (clear errors, no crash) and with a
// stand-in manager (1,000 VMs, virtualized table; a 401 sends you to sign in). Screenshots of each page
// land in test-output/screenshots/ for a human to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_USER, startFakeManager } from './testing/fake-manager';
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
  { path: '/users', heading: /^Users$/, needsManager: true },
  { path: '/tokens', heading: /^API tokens$/, needsManager: true },
  { path: '/audit', heading: /^Audit log$/, needsManager: true },
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
  await ensureBuilt();
  // A port nobody listens on until a test starts the stand-in manager there.
  managerPort = await freePort();
  web = await startWebServer({ MANAGER_URL: `http://127.0.0.1:${managerPort}` });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

async function newPage(
  width = 1280,
  height = 800,
  signedIn = true,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height } });
  // Signed in, so pages try the manager instead of sending us to /signin.
  if (signedIn) await context.addInitScript(() => window.localStorage.setItem('nqvm.token', 'smoke-token'));
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

  it('redirects / to the dashboard; sign-in keeps no token the manager has not accepted', async () => {
    const { page } = await newPage(1280, 800, false);
    await page.goto(web.url);
    await page.waitForURL(/\/dashboard$/);
    await page.goto(`${web.url}/signin`);
    // Empty fields are caught before anything is sent.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter your username').waitFor();
    await page.getByText('Enter your password').waitFor();
    await page.getByRole('tab', { name: 'Token' }).click();
    await page.getByLabel('API token').fill('abc');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Manager unreachable' }).waitFor();
    expect(page.url()).toMatch(/\/signin$/);
    expect(await page.evaluate(() => window.localStorage.getItem('nqvm.token'))).toBeNull();
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
      await page.getByLabel('Username').waitFor();
      await page.context().close();
    } finally {
      await fake.close();
    }
  });

  it('signs in with username and password, and goes back where the user was', async () => {
    const fake = await startFakeManager(managerPort, 3);
    try {
      const { page, errors } = await newPage(1280, 800, false);
      await page.goto(`${web.url}/signin?next=%2Ftokens`);
      await page.getByLabel('Username').fill(FAKE_USER.username);
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Wrong username or password, or the user is disabled').waitFor();
      await page.getByLabel('Password').fill(FAKE_USER.password);
      await page.screenshot({ path: join(SHOTS, 'signin.png') });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/tokens$/);
      await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
      expect(await page.evaluate(() => window.localStorage.getItem('nqvm.token'))).toBe(FAKE_USER.token);
      expect(
        fake.requests.some((r) => r.url === '/v1/auth/me' && r.authorization === `Bearer ${FAKE_USER.token}`),
      ).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await fake.close();
    }
  });

  it('shows an admin the users, tokens and audit pages; a viewer neither them nor any VM control', async () => {
    const fake = await startFakeManager(managerPort, 3);
    try {
      const { page, errors } = await newPage();
      await page.goto(`${web.url}/users`);
      await page.getByRole('cell', { name: 'vic', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Create user' }).waitFor();
      await page.screenshot({ path: join(SHOTS, 'users.png'), fullPage: true });
      await page.getByRole('button', { name: 'Create user' }).click();
      await page.getByRole('dialog', { name: 'Create user' }).getByLabel('Username').waitFor();
      await page.screenshot({ path: join(SHOTS, 'users_create.png') });
      await page.keyboard.press('Escape');

      await page.goto(`${web.url}/tokens`);
      await page.getByRole('cell', { name: 'ci-deploy', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Revoke ci-deploy' }).waitFor();
      // A revoked token has nothing left to revoke.
      expect(await page.getByRole('button', { name: 'Revoke old-laptop' }).count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'tokens.png'), fullPage: true });

      await page.goto(`${web.url}/audit`);
      await page.getByRole('cell', { name: 'target-0', exact: true }).waitFor();
      await page.getByText('Page 1').waitFor();
      await page.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true });
      await page.getByRole('button', { name: 'Older' }).click();
      await page.getByText('Page 2').waitFor();
      await page.getByRole('cell', { name: 'target-50', exact: true }).waitFor();
      await page.getByLabel('Actor').fill('admin');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('Page 1').waitFor();
      expect(fake.requests.some((r) => r.url.startsWith('/v1/audit?actor=admin'))).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();

      // Narrow screens: the same pages, the menu behind a button.
      const narrow = await newPage(390, 844);
      await narrow.page.goto(`${web.url}/audit`);
      // The target column is left out on narrow screens; the newest entry's actor is still there.
      await narrow.page
        .getByRole('table', { name: 'Audit log' })
        .getByRole('cell', { name: 'admin' })
        .first()
        .waitFor();
      await narrow.page.screenshot({ path: join(SHOTS, 'audit_narrow.png'), fullPage: true });
      await narrow.page.context().close();

      fake.role = 'viewer';
      const viewer = await newPage();
      await viewer.page.goto(`${web.url}/vms`);
      await viewer.page.getByRole('link', { name: 'vm-0000' }).waitFor();
      await viewer.page.getByTestId('signed-in-as').filter({ hasText: 'viewer' }).waitFor();
      const nav = viewer.page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'API tokens' }).waitFor();
      for (const hidden of ['Users', 'Audit log'])
        expect(await nav.getByRole('link', { name: hidden }).count()).toBe(0);
      for (const hidden of [/^Create VM$/, /^Start vm-/, /^Stop vm-/, /^Delete vm-/, /^Select all VMs$/])
        expect(
          await viewer.page
            .getByRole('button', { name: hidden })
            .or(viewer.page.getByRole('link', { name: hidden }))
            .or(viewer.page.getByRole('checkbox', { name: hidden }))
            .count(),
        ).toBe(0);
      await viewer.page.screenshot({ path: join(SHOTS, 'vms_viewer.png') });
      await viewer.page.goto(`${web.url}/users`);
      await viewer.page.getByText("you can't manage users").waitFor();
      expect(viewer.errors).toEqual([]);
      await viewer.page.context().close();
    } finally {
      await fake.close();
    }
  });
});
