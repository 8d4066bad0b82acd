#!/usr/bin/env node
// Installs what is missing before `npm run up` / `npm test`: Debian packages (apt-get) and npm dependencies.
// Plain Node with no dependencies, because it runs before `npm install` has.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Debian packages per purpose. `up` runs the product; `test` also needs what the tests drive. */
const SYSTEM_PACKAGES = {
  up: [
    'qemu-system-x86', // the hypervisor (microvm machine)
    'e2fsprogs', // mkfs.ext4 -d builds root disks without mounting
    'busybox-static', // the guest's userland
    'cpio', // initramfs archive
    'lz4', // the Debian kernel's compressed payload
    'iproute2', // bridges, TAPs, network namespaces
    'iptables', // optional NAT for guests
    'kmod', // modinfo for the guest's module dependencies
    'ca-certificates',
    'openssl', // MANAGER_AGENT_TLS=1: the manager's CA signs agent certificates with it
  ],
  test: [
    'iputils-ping', // host ↔ guest reachability tests
    'procps', // ps: end-to-end tests check that no VM process is left behind
    'bsdutils', // script: the CLI console test runs `nqvm vm console` on a real pseudo-terminal
    'postgresql', // tests run against a throwaway real PostgreSQL server too
    'chromium', // the web UI's browser tests (driven by playwright-core)
  ],
};

const purpose = process.argv.includes('--for') ? process.argv[process.argv.indexOf('--for') + 1] : 'up';
const wanted = purpose === 'test' ? [...SYSTEM_PACKAGES.up, ...SYSTEM_PACKAGES.test] : SYSTEM_PACKAGES.up;

function log(msg) {
  process.stderr.write(`setup: ${msg}\n`);
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    log(`Node.js ${process.versions.node} is too old; nqvm needs Node.js 20 or newer.`);
    process.exit(1);
  }
}

function isInstalled(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${Status} is dpkg-query's format syntax, not ours.
  const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.includes('install ok installed');
}

/** How to run apt-get as root: directly, through passwordless sudo, or not at all. */
function privilegePrefix() {
  if (process.getuid?.() === 0) return [];
  if (spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return null;
}

function aptListsEmpty() {
  try {
    return readdirSync('/var/lib/apt/lists').filter((f) => f.endsWith('_Packages')).length === 0;
  } catch {
    return true;
  }
}

function run(cmd, args, env = {}) {
  log(`$ ${[cmd, ...args].join(' ')}`);
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
}

function ensureSystemPackages() {
  if (!existsSync('/usr/bin/dpkg-query')) {
    log(`not a Debian-family system: install the equivalents of these yourself: ${wanted.join(' ')}`);
    return;
  }
  const missing = wanted.filter((p) => !isInstalled(p));
  // The guest image is built from Debian packages fetched with `apt-get download`: it needs package lists.
  const needLists = aptListsEmpty();
  if (missing.length === 0 && !needLists) return;
  const sudo = privilegePrefix();
  const installLine = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (sudo === null) {
    log('missing Debian packages and no root access to install them. Run:');
    process.stdout.write(`\n  ${missing.length ? installLine : 'sudo apt-get update'}\n\n`);
    process.exit(1);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...pre] = sudo.length ? sudo : ['apt-get'];
  const apt = (args) =>
    sudo.length ? run(cmd, [...pre, 'apt-get', ...args], env) : run('apt-get', args, env);
  apt(['update', '-qq']);
  if (missing.length) {
    log(`installing ${missing.join(' ')}`);
    apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  }
}

/**
 * `npm install` when node_modules is absent or older than the lockfile; nothing otherwise.
 * Not `npm ci`: registries that serve only this platform's packages leave other platforms'
 * optional binaries (biome, rollup, esbuild for darwin/win32…) out of the lockfile, and `npm ci`
 * refuses such a lockfile; `npm install` keeps the locked versions and skips what can't exist here.
 */
function ensureNpmDependencies() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  const stale =
    !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  run('npm', ['install', '--no-audit', '--no-fund']);
}

checkNode();
ensureSystemPackages();
ensureNpmDependencies();
log(`ready for ${purpose}`);
