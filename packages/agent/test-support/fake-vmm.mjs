#!/usr/bin/env node
// A stand-in for a Firecracker-API VMM in agent tests: real process, real API socket, a toy console guest.
// It proves the agent's process, socket, console and snapshot plumbing without booting a kernel.
// Console commands: `echo TEXT`, `mem-set V` / `mem-get` (memory state), `disk-write TEXT` / `disk-read`
// (first line of the root drive, opened by the path the agent configured, relative to the cwd).
import { appendFileSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';

const argv = process.argv.slice(2);
if (argv.includes('--version')) {
  process.stdout.write('fake-vmm 0.0.0\n');
  process.exit(0);
}
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const apiSock = flag('--api-sock');
const metricsPath = flag('--metrics-path');
const id = flag('--id') ?? 'anonymous-instance';

let state = 'Not started';
let memory = '';
let flushes = 0;
const config = { machine: undefined, boot: undefined, drives: {}, nics: {}, mmds: undefined };
const NOT_AFTER_BOOT = 'The requested operation is not supported after starting the microVM.';

const out = (text) => process.stdout.write(text);
const rootDrive = () => Object.values(config.drives).find((d) => d.is_root_device);

function runCommand(line) {
  const [cmd, ...rest] = line.trim().split(' ');
  const arg = rest.join(' ');
  if (cmd === 'echo') out(`${arg}\n`);
  else if (cmd === 'mem-set') memory = arg;
  else if (cmd === 'mem-get') out(`mem=${memory}\n`);
  else if (cmd === 'disk-write') writeFileSync(rootDrive().path_on_host, `${arg}\n`, { flag: 'r+' });
  else if (cmd === 'disk-read')
    out(`disk=${readFileSync(rootDrive().path_on_host, 'utf8').split('\n')[0]}\n`);
  out('# ');
}

function boot(banner) {
  state = 'Running';
  out(`${banner}\nfake-guest: ready\n# `);
}

// Input is queued while paused, as a stopped vCPU would not read the UART.
const pending = [];
createInterface({ input: process.stdin }).on('line', (line) => {
  if (state === 'Running') runCommand(line);
  else pending.push(line);
});
const drain = () => {
  while (state === 'Running' && pending.length > 0) runCommand(pending.shift());
};

function handle(method, path, body) {
  const preBoot = state === 'Not started';
  const seg = path.split('/').filter(Boolean);
  if (method === 'GET' && path === '/')
    return [200, { id, state, vmm_version: '0.0.0', app_name: 'fake-vmm' }];
  if (method === 'GET' && path === '/vm/config') {
    const cfg = {
      'machine-config': config.machine,
      'boot-source': config.boot,
      drives: Object.values(config.drives),
      'network-interfaces': Object.values(config.nics),
    };
    return [200, cfg];
  }
  if (method === 'GET' && path === '/mmds') return [200, config.mmds ?? {}];
  const setPreBoot = (apply) => {
    if (!preBoot) return [400, NOT_AFTER_BOOT];
    apply();
    return [204];
  };
  if (method === 'PUT' && path === '/machine-config')
    return setPreBoot(() => Object.assign(config, { machine: body }));
  if (method === 'PUT' && path === '/boot-source')
    return setPreBoot(() => Object.assign(config, { boot: body }));
  if (seg[0] === 'drives' && method === 'PUT')
    return setPreBoot(() => Object.assign(config.drives, { [seg[1]]: body }));
  if (seg[0] === 'drives' && method === 'PATCH') {
    if (preBoot) return [400, 'The requested operation is not supported before starting the microVM.'];
    Object.assign(config.drives[seg[1]] ?? {}, body);
    return [204];
  }
  if (seg[0] === 'network-interfaces' && method === 'PUT') {
    return setPreBoot(() => Object.assign(config.nics, { [seg[1]]: body }));
  }
  if (seg[0] === 'network-interfaces' && method === 'PATCH')
    return preBoot ? [400, 'not before boot'] : [204];
  if (path === '/mmds' && (method === 'PUT' || method === 'PATCH')) {
    config.mmds = body;
    return [204];
  }
  if (method === 'PUT' && path === '/actions') {
    if (body.action_type === 'InstanceStart') {
      if (!preBoot) return [400, 'already started'];
      boot('fake-guest: booting');
      return [204];
    }
    if (body.action_type === 'FlushMetrics') {
      flushes += 1;
      appendFileSync(
        metricsPath,
        `${JSON.stringify({ utc_timestamp_ms: Date.now(), api_server: { flushes } })}\n`,
      );
      return [204];
    }
    if (body.action_type === 'SendCtrlAltDel') {
      out('fake-guest: rebooting\n');
      setImmediate(() => process.exit(0));
      return [204];
    }
  }
  if (method === 'PATCH' && path === '/vm') {
    if (preBoot) return [400, 'not started'];
    state = body.state === 'Paused' ? 'Paused' : 'Running';
    drain();
    return [204];
  }
  if (method === 'PUT' && path === '/snapshot/create') {
    if (state !== 'Paused') return [400, 'Cannot create a snapshot while the microVM is not paused.'];
    writeFileSync(body.snapshot_path, JSON.stringify(config));
    writeFileSync(body.mem_file_path, memory);
    return [204];
  }
  if (method === 'PUT' && path === '/snapshot/load') {
    if (!preBoot)
      return [400, 'Loading a microVM snapshot not allowed after configuring boot-specific resources.'];
    Object.assign(config, JSON.parse(readFileSync(body.snapshot_path, 'utf8')));
    for (const o of body.network_overrides ?? []) config.nics[o.iface_id].host_dev_name = o.host_dev_name;
    memory = readFileSync(body.mem_backend.backend_path, 'utf8');
    if (body.resume_vm) boot('fake-guest: restored');
    else state = 'Paused';
    return [204];
  }
  return [400, `fake-vmm does not serve ${method} ${path}`];
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const [status, payload] = handle(req.method, req.url, text ? JSON.parse(text) : {});
    if (status === 204) return res.writeHead(204).end();
    const body = typeof payload === 'string' ? { fault_message: payload } : payload;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
server.listen(apiSock, () => chmodSync(apiSock, 0o600));
process.on('SIGTERM', () => process.exit(0));
