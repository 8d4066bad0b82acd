// The web UI in a real browser, as domain verbs: sign in, create a VM with the wizard, type in its terminal…
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { WEB_DIR } from '../../../packages/web/src/testing/web-server.js';

/** Guests boot under TCG on two cores: every wait on the stack is generous. */
const SLOW = 180_000;
const SHOTS = join(WEB_DIR, 'test-output', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WebApp {
  page: Page;
  /** Uncaught errors in the page. */
  errors: string[];
  /** API calls that failed (`<status> <method> <path>: <body>`), to explain a stuck step. */
  failedCalls: string[];
  /** URLs of the WebSockets the page opened (the terminal's). */
  webSockets: string[];
}

/** A fresh page on the web app; page errors and failed API calls are collected for the test. */
export async function openWebApp(browser: Browser, webUrl: string): Promise<WebApp> {
  const context = await browser.newContext({ baseURL: webUrl, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const failedCalls: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('response', async (res) => {
    if (res.status() < 400 || !res.url().includes('/api/proxy/')) return;
    const body = await res.text().catch(() => '');
    failedCalls.push(`${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}: ${body}`);
  });
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText ?? '';
    // Navigations abort prefetches and the event stream: that is not a failure.
    if (req.url().includes('/api/proxy/') && !error.includes('ERR_ABORTED'))
      failedCalls.push(`failed ${req.method()} ${new URL(req.url()).pathname}: ${error}`);
  });
  const webSockets: string[] = [];
  page.on('websocket', (ws) => webSockets.push(ws.url()));
  return { page, errors, failedCalls, webSockets };
}

/** Saves `test-output/screenshots/e2e-<step>.png` under packages/web (git-ignored). */
export async function screenshot(page: Page, step: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `e2e-${step}.png`), fullPage: true });
}

/** Signs in with an API token (the sign-in page's second tab). */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/signin');
  await page.getByRole('tab', { name: 'Token' }).click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard$/);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}

/** Settings → "WebSocket base URL": where the Terminal tab opens its socket (straight to the manager). */
export async function pointConsoleAt(page: Page, managerUrl: string): Promise<void> {
  await page.goto('/settings');
  await page.getByLabel('WebSocket base URL').fill(managerUrl.replace(/^http/, 'ws'));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').waitFor();
}

/** The state badge beside the VM page's heading. */
export function vmStateBadge(page: Page, name: string): Locator {
  return page.getByRole('heading', { level: 1, name }).locator('xpath=..').getByTestId('vm-state');
}

export async function waitForVmPageState(page: Page, name: string, state: string): Promise<void> {
  await vmStateBadge(page, name)
    .filter({ hasText: new RegExp(`^${state}$`) })
    .waitFor({ timeout: SLOW });
}

/** The VM's id from its page's URL (/vms/<id>). */
export function vmIdOf(page: Page): string {
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`not on a VM page: ${page.url()}`);
  return id;
}

/**
 * Walks the four wizard steps with the registry's default kernel and rootfs and "Start after creating"
 * left on; resolves on the new VM's page once its badge says `running`. Returns the VM's id.
 */
export async function createVmWithWizard(page: Page, name: string): Promise<string> {
  await page.goto('/vms/create');
  await page.getByLabel('VM name').fill(name);
  await page.getByLabel('vCPU count').fill('1');
  await page.getByLabel('Memory (MiB)').fill('256');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('heading', { name: 'Step 2: Boot' }).waitFor();
  for (const label of ['Kernel image', 'Rootfs image']) {
    const select = page.getByLabel(label);
    // The registry answers after the step renders: wait for a real option, then take the first.
    await select.locator('option:not([value=""])').first().waitFor({ state: 'attached' });
    const value = await select.locator('option:not([value=""])').first().getAttribute('value');
    await select.selectOption(value as string);
  }
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Step 3: Advanced' }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Step 4: Review' }).waitFor();
  await screenshot(page, '02-wizard-review');
  await page.getByRole('button', { name: 'Create VM' }).click();

  await page.waitForURL(/\/vms\/[0-9a-f-]{36}$/, { timeout: SLOW });
  await waitForVmPageState(page, name, 'running');
  return vmIdOf(page);
}

/** Opens one of the VM page's tabs (shown capitalized by CSS, so matched without case). */
export async function openTab(page: Page, tab: string): Promise<Locator> {
  const name = new RegExp(`^${tab}$`, 'i');
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
  return page.getByRole('tabpanel', { name });
}

/** The text of the terminal's screen, one line per xterm row (the DOM renderer draws rows as divs). */
export async function terminalLines(page: Page): Promise<string[]> {
  return page
    .getByTestId('terminal')
    .locator('.xterm-rows > div')
    .evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

/** Waits until some row of the terminal screen matches `line` (a whole-row pattern). */
export async function waitForTerminalLine(page: Page, line: RegExp, timeout = SLOW): Promise<string> {
  const row = page.getByTestId('terminal').locator('.xterm-rows > div').filter({ hasText: line }).first();
  await row.waitFor({ timeout });
  return ((await row.textContent()) ?? '').replace(/\u00a0/g, ' ').trim();
}

/** Opens the Terminal tab and waits for its socket to the manager to be open. */
export async function openTerminal(page: Page): Promise<void> {
  const panel = await openTab(page, 'terminal');
  await panel.getByRole('status').filter({ hasText: /^open/ }).waitFor({ timeout: 60_000 });
}

/** Waits for the guest's readiness line (the agent replays the console history to a new socket). */
export async function waitForGuestReady(page: Page): Promise<void> {
  await openTerminal(page);
  await waitForTerminalLine(page, /nqvm-guest: ready/);
}

/** Types `command` + Enter into the Terminal tab and waits for a screen row that is exactly `output`. */
export async function runInTerminal(page: Page, command: string, output: string): Promise<void> {
  await openTerminal(page);
  await page.getByTestId('terminal').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await waitForTerminalLine(page, new RegExp(`^\\s*${escapeRegExp(output)}\\s*$`), 60_000);
}

/**
 * Snapshots tab: a Full snapshot named `snapshotName`, shown `completed`, then "Restore" into a new VM
 * called `newVmName`; resolves on the new VM's page once it is running. Returns the new VM's id.
 */
export async function snapshotAndRestore(
  page: Page,
  { snapshotName, newVmName }: { snapshotName: string; newVmName: string },
): Promise<string> {
  await openTab(page, 'snapshots');
  await page.getByRole('button', { name: 'Create snapshot' }).click();
  const create = page.getByRole('dialog', { name: 'Create snapshot' });
  await create.getByLabel('Snapshot name (optional)').fill(snapshotName);
  await create.getByLabel('Snapshot type').selectOption('Full');
  await create.getByRole('button', { name: 'Create snapshot' }).click();
  await create.waitFor({ state: 'hidden', timeout: SLOW });
  const row = page.getByRole('row').filter({ hasText: snapshotName });
  await row.getByRole('cell', { name: 'completed', exact: true }).waitFor({ timeout: SLOW });
  await row.getByText('Full', { exact: true }).waitFor();
  await screenshot(page, '04-snapshot-taken');

  await row.getByRole('button', { name: `Restore ${snapshotName}` }).click();
  const restore = page.getByRole('dialog', { name: `Restore ${snapshotName}` });
  await restore.getByLabel('New VM name (optional)').fill(newVmName);
  const sourceUrl = page.url();
  await restore.getByRole('button', { name: 'Restore to new VM' }).click();
  await page.waitForURL((url) => url.href !== sourceUrl && /\/vms\/[0-9a-f-]{36}$/.test(url.pathname), {
    timeout: SLOW,
  });
  await waitForVmPageState(page, newVmName, 'running');
  return vmIdOf(page);
}

/** Network tab: sets `iface`'s RX limit to `mbps` and waits for the table to show it. */
export async function setNicRxLimit(page: Page, mbps: number, iface = 'eth0'): Promise<void> {
  await openTab(page, 'network');
  await page.getByRole('button', { name: `Edit limits of ${iface}` }).click();
  const dialog = page.getByRole('dialog', { name: `Limits for ${iface}` });
  await dialog.getByLabel('RX limit (Mbps)').fill(String(mbps));
  await dialog.getByRole('button', { name: 'Save limits' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
  await nicRow(page, iface)
    .getByRole('cell', { name: `${mbps} Mbps`, exact: true })
    .waitFor();
}

export function nicRow(page: Page, iface: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('button', { name: `Edit limits of ${iface}` }) });
}

/** Actions → Delete → confirm on the VM's page; resolves on /vms once the list no longer has it. */
export async function deleteVm(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete this VM?' });
  await confirm.getByRole('button', { name: 'Delete VM' }).click();
  await page.waitForURL(/\/vms$/, { timeout: SLOW });
  await page.getByRole('heading', { level: 1, name: 'VMs' }).waitFor();
  await page.getByRole('link', { name, exact: true }).waitFor({ state: 'detached', timeout: 60_000 });
}

export async function openVm(page: Page, id: string, name: string): Promise<void> {
  await page.goto(`/vms/${id}`);
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
