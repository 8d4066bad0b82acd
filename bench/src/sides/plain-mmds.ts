// Starts mmds-server.js in a namespace with the template's metadata; plain QEMU guests there read it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestNetns } from '@nqvm/testkit';
import { inNetns } from '../processes.js';
import { MMDS_ADDRESS } from './mmds-server.js';
import type { VmTemplate } from './vm-template.js';

const exec = promisify(execFile);
const script = fileURLToPath(new URL('./mmds-server.js', import.meta.url));

/** The address on the namespace's bridge, the server on it; resolves once it listens. */
export async function startPlainMmds(
  netns: TestNetns,
  template: VmTemplate,
  dir: string,
): Promise<() => Promise<void>> {
  const file = join(dir, 'plain-mmds.json');
  await writeFile(file, JSON.stringify(template.mmds));
  await exec('ip', ['-n', netns.name, 'addr', 'add', `${MMDS_ADDRESS}/32`, 'dev', netns.bridge]);
  const [bin, ...args] = [...inNetns(netns.name), process.execPath, script, file];
  const child: ChildProcess = spawn(bin as string, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async () => {
    child.kill('SIGKILL');
    await exec('ip', ['-n', netns.name, 'addr', 'del', `${MMDS_ADDRESS}/32`, 'dev', netns.bridge]).catch(
      () => undefined,
    );
  };
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`MMDS server for plain QEMU exited (${code})`)));
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return stop;
}
