// Issue 8 in the web UI on the real manager: an admin signs in with the first admin's password, creates an
// operator, a viewer and an API token, and finds those actions in the audit log; the viewer and the
// operator then sign in with their passwords and see only the controls their role may use — and none of
// their page views draws a refusal from the manager.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createManagerClient } from '@nqvm/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ensureBuilt, startWebServer, type WebServer } from '../../packages/web/src/testing/web-server.js';
import { type Stack, startStack } from './support/stack.js';
import { launchBrowser, openTab, openWebApp, screenshot, type WebApp } from './support/web-ui.js';
import {
  auditRows,
  controlNames,
  createTokenInUi,
  createUserInUi,
  signInWithPassword,
  userRow,
} from './support/web-ui-access.js';

const suffix = randomBytes(3).toString('hex');
const operator = { username: `op-${suffix}`, password: `operator-pw-${suffix}-x`, role: 'operator' as const };
const viewer = { username: `view-${suffix}`, password: `viewer-pw-${suffix}-xx`, role: 'viewer' as const };
const tokenName = `ci-${suffix}`;
const vmName = `acl-${suffix}`;

describe('web UI: users, tokens, audit and role-aware controls on the real manager', () => {
  let stack: Stack;
  let web: WebServer;
  let browser: Browser;
  let vmId: string;
  const apps: WebApp[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    stack = await startStack({ hosts: 1, database: 'pglite' });
    web = await startWebServer({ MANAGER_URL: stack.managerUrl });
    browser = await launchBrowser();
    // A stopped VM (no guest boot needed) whose controls each role sees or not.
    ({ id: vmId } = await stack.client.vms.create({ name: vmName, vcpu: 1, mem_mib: 256, start: false }));
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await stack?.stop();
  });

  async function session(): Promise<WebApp> {
    const app = await openWebApp(browser, web.url);
    apps.push(app);
    return app;
  }

  it('admin: password sign-in, creates two users and a token, and the audit log shows it', async () => {
    const { page, errors, failedCalls } = await session();
    onTestFailed(async () => {
      await screenshot(page, 'access-failure');
      console.error(`failed API calls:\n${failedCalls.join('\n')}\npage errors:\n${errors.join('\n')}`);
    });
    // 1. The first admin's password is the one the manager wrote at its first start.
    const adminPassword = (await readFile(join(stack.managerDataDir, 'admin-password'), 'utf8')).trim();
    await signInWithPassword(page, 'admin', adminPassword);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const link of ['Users', 'API tokens', 'Audit log'])
      await nav.getByRole('link', { name: link }).waitFor();
    await screenshot(page, 'access-01-admin-signed-in');

    // 2. Two users through the Users page; the manager has them with those roles.
    await createUserInUi(page, operator);
    await createUserInUi(page, viewer);
    await userRow(page, viewer.username)
      .getByRole('button', { name: `Disable ${viewer.username}` })
      .waitFor();
    await screenshot(page, 'access-02-users');
    const users = await stack.client.users.list();
    expect(users.map((u) => [u.username, u.role, u.disabled])).toEqual(
      expect.arrayContaining([
        [operator.username, 'operator', false],
        [viewer.username, 'viewer', false],
      ]),
    );

    // 3. An operator token: the secret shown once works against the manager, as admin's token.
    const secret = await createTokenInUi(page, { name: tokenName, role: 'operator' });
    await screenshot(page, 'access-03-tokens');
    expect(secret.length).toBeGreaterThan(20);
    const asToken = createManagerClient({ baseUrl: stack.managerUrl, token: secret });
    expect(await asToken.auth.me()).toMatchObject({ username: 'admin', role: 'operator' });

    // 4. The audit page lists those creations by admin, newest first, with their targets.
    const userRows = await auditRows(page, 'POST /v1/users');
    await screenshot(page, 'access-04-audit');
    const ids = new Map(users.map((u) => [u.id, u.username]));
    const created = userRows
      .filter((cells) => cells[1] === 'admin' && cells[3] === 'POST /v1/users')
      .map((cells) => ids.get(cells[4] ?? ''));
    expect(created).toEqual([viewer.username, operator.username]);
    const tokenRows = await auditRows(page, 'POST /v1/tokens');
    expect(tokenRows.filter((cells) => cells[1] === 'admin' && cells[5]?.startsWith('ok'))).toHaveLength(1);
    const logins = await auditRows(page, 'POST /v1/auth/login');
    expect(logins.some((cells) => cells[4] === 'admin' && cells[5]?.startsWith('ok'))).toBe(true);

    expect(failedCalls).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('viewer: sees VMs, drives and tokens, but no control that would be refused', async () => {
    const { page, errors, failedCalls } = await session();
    await signInWithPassword(page, viewer.username, viewer.password);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'API tokens' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await page.goto('/vms');
    await page.getByRole('link', { name: vmName, exact: true }).waitFor();
    const onList = await controlNames(page);
    for (const refused of [
      'Create VM',
      `Start ${vmName}`,
      `Stop ${vmName}`,
      `Delete ${vmName}`,
      'Select all VMs',
    ])
      expect(onList).not.toContain(refused);
    await screenshot(page, 'access-05-viewer-vms');

    await page.goto(`/vms/${vmId}`);
    await page.getByRole('heading', { level: 1, name: vmName }).waitFor();
    expect(await page.getByRole('button', { name: 'Actions' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: /^terminal$/i }).count()).toBe(0);
    const drives = await openTab(page, 'drives');
    await drives.getByRole('cell', { name: 'rootfs', exact: true }).waitFor();
    expect(await drives.getByRole('button').count()).toBe(0);
    await screenshot(page, 'access-06-viewer-vm');

    await page.goto('/registry');
    await page.getByRole('heading', { level: 1, name: 'Image registry' }).waitFor();
    await page.getByRole('table').getByRole('row').nth(1).waitFor();
    expect(
      await page
        .locator('main')
        .getByRole('button', { name: /import|volume|delete/i })
        .count(),
    ).toBe(0);
    await page.goto('/users');
    await page.getByText("you can't manage users").waitFor();

    // Nothing the viewer was shown drew a 401/403: the UI only asked for what a viewer may read.
    expect(failedCalls).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('operator: has VM lifecycle, terminal and devices, but no user, audit or image administration', async () => {
    const { page, errors, failedCalls } = await session();
    await signInWithPassword(page, operator.username, operator.password);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'API tokens' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await page.goto('/vms');
    await page.getByRole('link', { name: vmName, exact: true }).waitFor();
    expect(await controlNames(page)).toEqual(
      expect.arrayContaining(['Create VM', `Start ${vmName}`, `Stop ${vmName}`, `Delete ${vmName}`]),
    );
    // Stopped: Start is offered and enabled, Stop is there but disabled.
    expect(await page.getByRole('button', { name: `Start ${vmName}` }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: `Stop ${vmName}` }).isEnabled()).toBe(false);
    await screenshot(page, 'access-07-operator-vms');

    await page.goto(`/vms/${vmId}`);
    await page.getByRole('heading', { level: 1, name: vmName }).waitFor();
    await page.getByRole('tab', { name: /^terminal$/i }).waitFor();
    await page.getByRole('button', { name: 'Actions' }).click();
    for (const item of ['Start', 'Delete']) await page.getByRole('menuitem', { name: item }).waitFor();
    await page.keyboard.press('Escape');
    const drives = await openTab(page, 'drives');
    await drives.getByRole('button', { name: 'Add drive' }).waitFor();
    await screenshot(page, 'access-08-operator-vm');

    await page.goto('/registry');
    await page.getByRole('table').getByRole('row').nth(1).waitFor();
    expect(
      await page
        .locator('main')
        .getByRole('button', { name: /import|volume|delete/i })
        .count(),
    ).toBe(0);
    await page.goto('/audit');
    await page.getByText("you can't read the audit log").waitFor();

    expect(failedCalls).toEqual([]);
    expect(errors).toEqual([]);
  });
});
