// NAT (NQVM_NAT_UPLINK) is off by default; on, a guest reaches a test-made "outside" namespace, off again, it cannot.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createNetns, type TestNetns } from '@nqvm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH,
  type ConsoleClient,
  createTestHost,
  listen,
  openConsole,
  type TestHost,
  waitFor,
  waitForBoot,
} from './agent.test-support.js';
import type { Agent } from './agent-app.js';

/**
 * Two namespaces, neither with a route anywhere else:
 *
 * ```
 * host netns (the agent's NQVM_NETNS): nqvmbr0 172.31.0.1/24 ── TAP ── guest 172.31.0.x
 *    └─ up0 198.18.7.2/24 ── veth ── outside netns: wan0 in br0 198.18.7.1/24 (no route back to 172.31.0.0/24)
 * ```
 *
 * The outside can answer the guest only when its packets arrive masqueraded as 198.18.7.2.
 */
const OUTSIDE = '198.18.7';
const UPLINK = 'up0';

describe('NAT to an uplink (NQVM_NAT_UPLINK)', () => {
  let host: TestHost;
  let ns: TestNetns;
  let outside: TestNetns;
  let agent: Agent;
  let con: ConsoleClient | undefined;
  beforeAll(async () => {
    host = await createTestHost();
    ns = await createNetns();
    outside = await createNetns({ subnet: OUTSIDE });
    const veth = await ns.exec('ip', [
      'link',
      'add',
      UPLINK,
      'type',
      'veth',
      'peer',
      'name',
      'wan0',
      'netns',
      outside.name,
    ]);
    if (veth.code !== 0) throw new Error(`veth: ${veth.stderr}`);
    for (const [netns, args] of [
      [ns, ['addr', 'add', `${OUTSIDE}.2/24`, 'dev', UPLINK]],
      [ns, ['link', 'set', UPLINK, 'up']],
      [outside, ['link', 'set', 'wan0', 'master', 'br0']],
      [outside, ['link', 'set', 'wan0', 'up']],
    ] as const) {
      const out = await netns.exec('ip', args);
      if (out.code !== 0) throw new Error(`ip ${args.join(' ')}: ${out.stderr}`);
    }
  });
  afterAll(async () => {
    con?.disconnect();
    await host?.cleanup();
    await ns?.destroy();
    await outside?.destroy();
  });

  /** Restarts the agent in process with NAT to `uplink` (or off); the guest keeps running. */
  async function restartAgent(uplink: string | undefined): Promise<void> {
    con?.disconnect();
    await agent.app.close();
    agent = await host.agent({ netns: ns.name, natUplink: uplink });
    expect(agent.reconciled.adopted).toEqual(['nat1']);
    con = await openConsole(await listen(agent), 'nat1');
  }
  /** Our MASQUERADE rules in the host namespace, as iptables lists them. */
  const masquerade = async () =>
    (await ns.exec('iptables', ['-t', 'nat', '-S', 'POSTROUTING'])).stdout
      .split('\n')
      .filter((line) => line.includes('MASQUERADE'));
  /** Exit status of one ping from the guest to the outside (never throws on failure). */
  const guestPingsOutside = async () =>
    (await (con as ConsoleClient).run(`ping -c 1 -W 3 ${OUTSIDE}.1 >/dev/null 2>&1`, { timeoutMs: 30_000 }))
      .exitCode === 0;

  it('masquerades the guest subnet only while NAT is on, and an agent started with NAT off removes the rule', async () => {
    // 1. Default agent (NAT off): a guest on the bridge, booted.
    agent = await host.agent({ netns: ns.name });
    const created = await agent.app.inject({
      method: 'PUT',
      url: '/v1/vms/nat1',
      headers: AUTH,
      payload: host.spec({ start: true, hostname: 'nat', nics: [{ iface_id: 'eth0' }] }),
    });
    expect(created.statusCode).toBe(200);
    const vm = created.json().item;
    await waitForBoot(vm.console_log, 1);
    con = await openConsole(await listen(agent), 'nat1');

    // 2. Off: no rule, no forwarding; the guest reaches its gateway but not the outside, which
    //    (like the internet for a private subnet) has no route back to the guests.
    expect((await outside.exec('ip', ['route', 'get', vm.nics[0].ip])).code).not.toBe(0);
    expect(await masquerade()).toEqual([]);
    expect((await ns.exec('sysctl', ['-n', 'net.ipv4.ip_forward'])).stdout.trim()).toBe('0');
    expect((await con.run('ping -c 1 -W 3 172.31.0.1 >/dev/null 2>&1')).exitCode).toBe(0);
    expect(await guestPingsOutside()).toBe(false);

    // 3. On (agent restarted with NQVM_NAT_UPLINK): the adopted guest gets out without a VM start,
    //    its packets leaving as the uplink's address (the outside has no route to 172.31.0.0/24).
    await restartAgent(UPLINK);
    const rules = await masquerade();
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatch(/-s 172\.31\.0\.0\/24 -o up0 .*nqvm:nqvmbr0.* -j MASQUERADE/);
    expect((await ns.exec('sysctl', ['-n', 'net.ipv4.ip_forward'])).stdout.trim()).toBe('1');
    await waitFor('the guest to reach the outside through NAT', async () => guestPingsOutside(), 60_000);

    // 4. Another start with the same setting adds no second rule.
    await restartAgent(UPLINK);
    expect(await masquerade()).toHaveLength(1);

    // 5. Off again: the rule is gone (forwarding alone does not help: the outside cannot answer).
    await restartAgent(undefined);
    expect(await masquerade()).toEqual([]);
    expect(await guestPingsOutside()).toBe(false);

    // 6. Delete: no VM, no rule left in the host namespace.
    con?.disconnect();
    con = undefined;
    expect(
      (await agent.app.inject({ method: 'DELETE', url: '/v1/vms/nat1', headers: AUTH })).statusCode,
    ).toBe(200);
    expect(await masquerade()).toEqual([]);
    expect(existsSync(agent.ctx.paths.vm('nat1').dir)).toBe(false);
    expect((await ns.exec('ip', ['-o', 'link', 'show'])).stdout).not.toContain(vm.nics[0].tap);
    // The agent's idle pooled VMMs run in its netns too, until it shuts down.
    await agent.app.close();
    await waitFor('no process left in the host namespace', async () =>
      spawnSync('ip', ['netns', 'pids', ns.name], { encoding: 'utf8' }).stdout.trim() === ''
        ? true
        : undefined,
    );
  });
});
