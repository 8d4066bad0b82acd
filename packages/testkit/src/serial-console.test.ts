// The console helper against a scripted fake shell: echo tolerance, markers, timeouts.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSerialConsole } from './serial-console.js';

/** A fake tty shell: echoes each input line back (like a tty), then answers it. */
function fakeShell(answer: (line: string) => string) {
  const output = new PassThrough();
  const input = new PassThrough();
  input.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      output.write(`${line}\r\n`);
      output.write(answer(line));
    }
  });
  return { output, input };
}

/** Runs `echo __NQB_x''__; cmd; echo __NQE_x''__ $?` the way sh would for simple commands. */
function shellLike(commands: Record<string, { out: string; status: number }>) {
  return (line: string) => {
    const [begin, command, end] = line.split('; ');
    const result = commands[command ?? ''] ?? { out: `sh: ${command}: not found\r\n`, status: 127 };
    const unquote = (s: string | undefined) => (s ?? '').replace(/^echo /, '').replace("''", '');
    return `${unquote(begin)}\r\n${result.out}${unquote(end).replace(' $?', ` ${result.status}`)}\r\n# `;
  };
}

describe('createSerialConsole', () => {
  it('waits for text in order and moves past each match', async () => {
    const output = new PassThrough();
    const console = createSerialConsole(output, new PassThrough());
    const first = console.waitFor('ready');
    output.write('booting...\r\nready\r\n');
    await first;
    const second = console.waitFor(/value=(\d+)/);
    output.write('value=42\r\n');
    expect((await second).match[1]).toBe('42');
    await expect(console.waitFor('ready', { timeoutMs: 50 })).rejects.toThrow(/Timed out after 50 ms/);
  });

  it('runs commands and returns output without the echoed input', async () => {
    const { output, input } = fakeShell(
      shellLike({
        'uname -r': { out: '6.1.0-56-cloud-amd64\r\n', status: 0 },
        false: { out: '', status: 1 },
      }),
    );
    const console = createSerialConsole(output, input);
    expect(await console.run('uname -r')).toEqual({ output: '6.1.0-56-cloud-amd64', exitCode: 0 });
    expect(await console.run('false')).toEqual({ output: '', exitCode: 1 });
    await expect(console.check('nope')).rejects.toThrow(/`nope` exited with 127.*\n.*not found/);
  });

  it('explains a timeout with the last console output', async () => {
    const output = new PassThrough();
    const console = createSerialConsole(output, new PassThrough(), { name: 'guest vm1' });
    output.write('Kernel panic - not syncing: VFS\r\n');
    await expect(console.waitFor('login:', { timeoutMs: 20 })).rejects.toThrow(
      /waiting for "login:" on guest vm1; last output of guest vm1:\n.*Kernel panic/,
    );
  });

  it('fails pending waits at once when the output ends', async () => {
    const output = new PassThrough();
    const console = createSerialConsole(output, new PassThrough());
    const waiting = console.waitFor('never', { timeoutMs: 10_000 });
    output.end('bye\n');
    await expect(waiting).rejects.toThrow(/output ended/);
  });

  it('refuses multi-line commands, whose markers would interleave', async () => {
    const console = createSerialConsole(new PassThrough(), new PassThrough());
    await expect(console.run('a\nb')).rejects.toThrow(/one line/);
  });
});
