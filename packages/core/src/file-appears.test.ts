// fileAppears wakes a waiter when the file is created or wake() is called, and keeps an early wake.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileAppears } from './file-appears.js';

const dir = mkdtempSync(join(tmpdir(), 'nqvm-file-appears-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HOUR = 3_600_000;

describe('fileAppears', () => {
  it('wakes the waiter when the file is created (long before its timer)', async () => {
    const path = join(dir, 'a.sock');
    const watch = fileAppears(path);
    const waited = watch.wait(HOUR);
    writeFileSync(path, '');
    await waited;
    watch.close();
  });

  it('keeps a wake() that came before the wait', async () => {
    const watch = fileAppears(join(dir, 'never'));
    watch.wake();
    await watch.wait(HOUR);
    watch.close();
  });

  it('falls back to the timer where the directory cannot be watched', async () => {
    const watch = fileAppears(join(dir, 'missing-dir', 'x'));
    const result = await Promise.race([
      watch.wait(1).then(() => 'timer'),
      new Promise((r) => setTimeout(r, HOUR)),
    ]);
    expect(result).toBe('timer');
    watch.close();
  });
});
