// The supervisor restarts a crashed child and stops every child on request — real processes, no timing asserts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { supervise } from './supervisor.js';

const node = process.execPath;

describe('supervise', () => {
  it('restarts a child that crashes and keeps the others running', async () => {
    const starts: string[] = [];
    let crashedTwice: () => void = () => undefined;
    const secondStart = new Promise<void>((resolve) => {
      crashedTwice = resolve;
    });
    const sup = supervise(
      [
        { name: 'steady', command: node, args: ['-e', 'setInterval(() => {}, 1000)'] },
        { name: 'crashy', command: node, args: ['-e', 'process.exit(3)'] },
      ],
      {
        onStart: (name, _pid, attempt) => {
          starts.push(`${name}#${attempt}`);
          if (name === 'crashy' && attempt === 3) crashedTwice();
        },
      },
      10,
    );
    await secondStart;
    const steadyPid = sup.pid('steady');
    expect(steadyPid).toBeGreaterThan(0);
    expect(starts.filter((s) => s.startsWith('steady'))).toEqual(['steady#1']);
    await sup.stop(2000);
    expect(sup.pid('steady')).toBeUndefined();
    // The steady child is really gone.
    expect(() => process.kill(steadyPid as number, 0)).toThrow();
  });

  it('escalates to SIGKILL for a child that ignores SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqvm-sup-'));
    const ready = join(dir, 'ready');
    const signals: (NodeJS.Signals | null)[] = [];
    const sup = supervise(
      [
        {
          name: 'stubborn',
          command: node,
          args: [
            '-e',
            `process.on('SIGTERM', () => {}); require('fs').writeFileSync(${JSON.stringify(ready)}, ''); setInterval(() => {}, 1000)`,
          ],
        },
      ],
      { onExit: (_name, _code, signal) => signals.push(signal) },
    );
    // Wait until the child has installed its SIGTERM handler.
    while (!existsSync(ready)) await new Promise((r) => setTimeout(r, 20));
    const pid = sup.pid('stubborn') as number;
    await sup.stop(300);
    expect(signals).toEqual(['SIGKILL']);
    expect(() => process.kill(pid, 0)).toThrow();
    rmSync(dir, { recursive: true, force: true });
  });
});
