// Console plumbing on real files: the FIFO never gives the VMM EOF, logs are capped, viewers follow across rotation.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type TempDir, tempDir } from '@nqvm/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from './agent.test-support.js';
import { capLog, readLastLines, readLogTail } from './capped-log.js';
import { createFifo, openFifoWriter } from './console-fifo.js';
import { createConsoleHub } from './console-hub.js';
import { isAlive } from './proc-info.js';

describe('console files', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => dir.cleanup());

  it('lets writers come and go while the reader never sees EOF', async () => {
    const fifo = join(dir.path, 'console.in');
    const log = join(dir.path, 'console.log');
    await createFifo(fifo);
    expect((await stat(fifo)).mode & 0o777).toBe(0o600);
    // The "VMM" (cat) gets the FIFO read-write as stdin, exactly as spawnVmm hands it over.
    const stdin = openSync(fifo, constants.O_RDWR);
    const out = openSync(log, 'a');
    const cat = spawn('cat', [], { stdio: [stdin, out, out], detached: true });
    closeSync(stdin);
    closeSync(out);
    try {
      for (const word of ['one', 'two', 'three']) {
        const w = openFifoWriter(fifo);
        await w.write(`${word}\n`);
        w.close(); // the last external writer leaves every time
      }
      await waitFor('all input to arrive', async () => (await readFile(log, 'utf8')) === 'one\ntwo\nthree\n');
      expect(await isAlive(cat.pid as number)).toBe(true);
    } finally {
      cat.kill('SIGKILL');
    }
  });

  it('refuses input with an error (not a hang) when no VMM holds the FIFO', async () => {
    const fifo = join(dir.path, 'console.in');
    await createFifo(fifo);
    expect(() => openFifoWriter(fifo)).toThrow(/ENXIO/);
  });

  it('caps a log by copy-truncate and keeps the recent history readable', async () => {
    const log = join(dir.path, 'console.log');
    await writeFile(log, 'a'.repeat(100));
    expect(await capLog(log, 200)).toBe(false);
    await appendFile(log, `${'b'.repeat(150)}\n`);
    expect(await capLog(log, 200)).toBe(true);
    expect((await stat(log)).size).toBe(0);
    await appendFile(log, 'new line\n');
    expect((await readLogTail(log, 20)).toString()).toBe(`${'b'.repeat(10)}\nnew line\n`);
    expect(await readLastLines(log, 2)).toEqual([`${'a'.repeat(100)}${'b'.repeat(150)}`, 'new line']);
  });

  it('replays history to each viewer and follows output across a rotation', async () => {
    const log = join(dir.path, 'console.log');
    await writeFile(log, 'old history\n');
    const hub = createConsoleHub();
    const seen: [string[], string[]] = [[], []];
    try {
      const detachA = await hub.attach('vm', log, { send: (d) => seen[0].push(d) });
      await appendFile(log, 'live 1\n');
      await waitFor('viewer A to see live output', async () => seen[0].join('').includes('live 1\n'));
      const detachB = await hub.attach('vm', log, { send: (d) => seen[1].push(d) });
      expect(seen[1].join('')).toBe('old history\nlive 1\n');
      await capLog(log, 1);
      await appendFile(log, 'after rotation\n');
      for (const v of seen) {
        await waitFor('viewers to follow the rotated log', async () =>
          v.join('').endsWith('after rotation\n'),
        );
      }
      expect(seen[0].join('')).toBe('old history\nlive 1\nafter rotation\n');
      detachA();
      detachB();
    } finally {
      hub.close();
    }
  });
});
