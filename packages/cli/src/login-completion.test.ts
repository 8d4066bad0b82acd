// `nqvm login` stores a checked URL and token (0600); completion scripts offer commands, flags and names.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNqvm, startTestManager, type TestManager } from './cli.test-support.js';

let m: TestManager;
beforeAll(async () => {
  m = await startTestManager();
});
afterAll(async () => {
  await m?.close();
});

describe('nqvm login', () => {
  it('refuses a wrong token and stores nothing', async () => {
    const { NQVM_TOKEN: _, NQVM_URL: __, ...env } = m.env;
    const res = await runNqvm(['login', '--url', m.url, '--token', 'wrong'], env);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`The manager at ${m.url} refused the token`);
    expect(existsSync(join(m.home, '.config', 'nqvm', 'config.json'))).toBe(false);
  });

  it('stores a checked URL and a piped token with mode 0600, used by later commands', async () => {
    const { NQVM_TOKEN: _, NQVM_URL: __, ...env } = m.env;
    const res = await runNqvm(['login', '--url', m.url], env, `${m.token}\n`);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain(`Logged in to ${m.url}`);
    const file = join(m.home, '.config', 'nqvm', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: m.url, token: m.token });
    expect((await runNqvm(['host', 'ls', '--json'], env)).stdout).toBe('[]\n');
    // The stored token is for the stored URL only.
    const elsewhere = await runNqvm(['host', 'ls'], { ...env, NQVM_URL: 'http://127.0.0.1:9' });
    expect(elsewhere.status).toBe(5);
  });
});

describe('nqvm completion', () => {
  it('completes commands, subcommands, flags and names from the manager', async () => {
    writeFileSync(join(m.imageRoot, 'vmlinux'), 'k');
    await runNqvm(
      ['image', 'import', join(m.imageRoot, 'vmlinux'), '--kind', 'kernel', '--name', 'kern-a'],
      m.env,
    );
    const words = async (...w: string[]) => (await runNqvm(['__complete', ...w], m.env)).stdout.split('\n');
    expect(await words('')).toEqual(
      expect.arrayContaining(['vm', 'snapshot', 'image', 'template', 'host', 'up']),
    );
    expect(await words('vm', '')).toEqual(
      expect.arrayContaining(['ls', 'create', 'console', 'drives', 'nics']),
    );
    expect(await words('vm', 'drives', '')).toEqual(expect.arrayContaining(['ls', 'add', 'set', 'rm']));
    expect(await words('vm', 'create', 'x', '--')).toEqual(
      expect.arrayContaining(['--vcpu', '--kernel', '--json']),
    );
    expect(await words('vm', 'create', 'x', '--kernel', '')).toContain('kern-a');
    expect(await words('image', 'get', '')).toContain('kern-a');
    expect(await words('image', 'ls', '--kind', '')).toEqual(['kernel', 'initrd', 'rootfs', 'data', '']);
    expect(await words('image', 'import', '')).toEqual(['__files__', '']);
  });

  it('prints bash and zsh scripts, and the bash one fills COMPREPLY', async () => {
    const zsh = await runNqvm(['completion', 'zsh'], m.env);
    expect(zsh.stdout).toContain('compdef _nqvm nqvm');
    const bash = await runNqvm(['completion', 'bash'], m.env);
    expect(bash.stdout).toContain('complete -o default -F _nqvm nqvm');
    const script = `${bash.stdout}\nCOMP_WORDS=(nqvm image g); COMP_CWORD=2; _nqvm; printf '%s\\n' "\${COMPREPLY[@]}"\n`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { env: { PATH: process.env.PATH, ...m.env } });
      let text = '';
      child.stdout.on('data', (c) => {
        text += c;
      });
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    expect(out.trim()).toBe('get');
    expect((await runNqvm(['completion', 'fish'], m.env)).status).toBe(2);
  });
});
