// The web UI's VM flows (issue 7) in Chromium against the real stack: the built app, the real manager,
// a real agent and real guests. What the page shows is checked, and what the manager recorded behind it.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ensureBuilt, startWebServer, type WebServer } from '../../packages/web/src/testing/web-server.js';
import { type Stack, type StackHost, startStack } from './support/stack.js';
import { hostTraces, waitForVmState } from './support/vms.js';
import {
  createVmWithWizard,
  deleteVm,
  launchBrowser,
  nicRow,
  openVm,
  openWebApp,
  pointConsoleAt,
  runInTerminal,
  screenshot,
  setNicRxLimit,
  signIn,
  snapshotAndRestore,
  vmStateBadge,
  waitForGuestReady,
} from './support/web-ui.js';

const randomName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

describe('web UI flows on the real stack', () => {
  let stack: Stack;
  let host: StackHost;
  let web: WebServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let failedCalls: string[];
  let webSockets: string[];

  beforeAll(async () => {
    await ensureBuilt();
    stack = await startStack({ hosts: 1, database: 'pglite' });
    host = stack.hosts[0] as StackHost;
    web = await startWebServer({ MANAGER_URL: stack.managerUrl });
    browser = await launchBrowser();
    ({ page, errors: pageErrors, failedCalls, webSockets } = await openWebApp(browser, web.url));
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await stack?.stop();
  });

  it('create (wizard) → terminal → Full snapshot restored to a new VM → NIC rx limit → delete both', async () => {
    onTestFailed(async () => {
      await screenshot(page, 'failure');
      console.error(`failed API calls:\n${failedCalls.join('\n')}\npage errors:\n${pageErrors.join('\n')}`);
    });
    const { client } = stack;
    const name = randomName('web-e2e');
    const cloneName = randomName('web-clone');
    const snapshotName = randomName('web-snap');

    // 1. Sign in with the manager's admin token; the terminal's socket goes straight to the manager.
    await signIn(page, stack.token);
    await pointConsoleAt(page, stack.managerUrl);
    await screenshot(page, '01-signed-in');

    // 2. The wizard creates and boots a VM; its page shows it running, as the manager does.
    const vmId = await createVmWithWizard(page, name);
    await screenshot(page, '03-vm-running');
    const vm = await waitForVmState(client, vmId, 'running');
    expect(vm).toMatchObject({ name, vcpu: 1, mem_mib: 256, host_id: await host.hostId() });

    // 3. A command typed into the Terminal tab runs in the guest (the shell computes 42); its output is
    //    on the xterm screen. A shell variable, only in the guest's memory, is left for the snapshot.
    await waitForGuestReady(page);
    await runInTerminal(page, 'echo hi-$((40+2))', 'hi-42');
    await runInTerminal(page, 'WEB_E2E=in-memory-$((6*7)); echo set-$WEB_E2E', 'set-in-memory-42');
    await screenshot(page, '03-terminal');
    // The terminal's socket went straight to the manager with a single-use ticket, never the token.
    expect(webSockets.length).toBeGreaterThan(0);
    for (const url of webSockets) {
      expect(url).toMatch(
        new RegExp(`^${stack.managerUrl.replace(/^http/, 'ws')}/v1/vms/${vmId}/shell/ws\\?ticket=`),
      );
      expect(url).not.toContain(stack.token);
    }

    // 4. A Full snapshot in the Snapshots tab, restored into a second VM that runs and woke up in the
    //    source's memory: its shell still has the variable.
    const cloneId = await snapshotAndRestore(page, { snapshotName, newVmName: cloneName });
    await screenshot(page, '05-restored-vm-running');
    await runInTerminal(page, 'echo clone-has-$WEB_E2E', 'clone-has-in-memory-42');
    await screenshot(page, '05-restored-vm-terminal');
    expect(cloneId).not.toBe(vmId);
    const clone = await waitForVmState(client, cloneId, 'running');
    const [snapshot] = await client.snapshots.list(vmId);
    expect(snapshot).toMatchObject({ name: snapshotName, snapshot_type: 'Full', state: 'completed' });
    expect(clone).toMatchObject({ name: cloneName, source_snapshot_id: snapshot?.id });

    // 5. The source VM's eth0 gets a 25 Mbps RX limit in the Network tab; the manager records the bucket.
    await openVm(page, vmId, name);
    await setNicRxLimit(page, 25);
    await screenshot(page, '06-nic-rx-limit');
    const [eth0] = await client.nics.list(vmId);
    expect(eth0).toMatchObject({
      iface_id: 'eth0',
      rx_rate_limiter: { bandwidth: { size: 312_500, refill_time: 100 } },
    });
    // Reloaded from the manager (not the form's state), the page still shows it.
    await page.reload();
    await page.getByRole('tab', { name: /^network$/i }).click();
    await nicRow(page, 'eth0').getByRole('cell', { name: '25 Mbps', exact: true }).waitFor();
    await expect(vmStateBadge(page, name).textContent()).resolves.toBe('running');

    // 6. Deleting both VMs with confirmation: gone from the list, the manager and the host.
    await deleteVm(page, name);
    await openVm(page, cloneId, cloneName);
    await deleteVm(page, cloneName);
    await screenshot(page, '07-vms-deleted');
    for (const [id, tap] of [
      [vmId, vm.tap],
      [cloneId, clone.tap],
    ] as const) {
      await expect(client.vms.get(id)).rejects.toMatchObject({ status: 404 });
      expect(await hostTraces(host, id, tap ?? null)).toEqual({ dir: false, tap: false, processes: [] });
    }
    // The snapshot went with its VM.
    await expect(client.snapshots.get(snapshot?.id as string)).rejects.toMatchObject({ status: 404 });
    // No step met an error on the way (a refused API call shows a toast the flow could have missed).
    expect(failedCalls).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
