// One image build at a time per images dir: parallel test runs and CLI calls share the data dir.
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

export interface BuildLock {
  release(): Promise<void>;
}

/**
 * Takes `path` (a file holding the owner's pid), waiting while a live process holds it and
 * taking over from a dead one. `onWait` is called once if we have to wait.
 */
export async function acquireBuildLock(
  path: string,
  onWait?: (pid: number) => void,
  timeoutMs = 15 * 60_000,
): Promise<BuildLock> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    // link() creates the lock with its content in one step, so nobody sees an empty lock.
    const mine = `${path}.${process.pid}`;
    await writeFile(mine, String(process.pid));
    try {
      await link(mine, path);
      return { release: () => rm(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await rm(mine, { force: true });
    }
    const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (!Number.isFinite(pid) || !isAlive(pid)) {
      // The owner died mid-build.
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`image build lock ${path} still held by pid ${pid}`);
    if (!told) onWait?.(pid);
    told = true;
    await delay(500);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
