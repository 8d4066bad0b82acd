// alternate(): every side runs once per round, the first side rotates, samples stay paired by round.
import { PassThrough } from 'node:stream';
import { createSerialConsole } from '@nqvm/testkit';
import { describe, expect, it } from 'vitest';
import { alternate, type Side } from './side.js';

/** A console that prints the ready line and answers the marker, like a guest's shell. */
function echoingConsole() {
  const out = new PassThrough();
  const input = new PassThrough();
  input.on('data', (chunk: Buffer) => {
    const tag = /echo (\S+)-\$\(\(6\*7\)\)/.exec(String(chunk))?.[1];
    if (tag) out.write(`${tag}-42\n`);
  });
  out.write('nqvm-guest: ready\n');
  return createSerialConsole(out, input, { defaultTimeoutMs: 5_000 });
}

describe('alternate', () => {
  it('runs each side once per round, rotating who goes first, and tears every guest down', async () => {
    const order: string[] = [];
    let torn = 0;
    const side = (key: string): Side => ({
      key,
      label: key,
      async launch() {
        order.push(key);
        return { console: echoingConsole(), teardown: async () => void torn++ };
      },
    });
    const samples = await alternate([side('a'), side('b'), side('c')], 3, 't');
    expect(order).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    expect(torn).toBe(9);
    for (const key of ['a', 'b', 'c']) {
      expect(samples.answer(key)).toHaveLength(3);
      expect(samples.attached(key)).toHaveLength(3);
    }
  });
});
