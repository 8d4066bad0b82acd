// Host tool failures become coded errors that name the tool, its package or the failed step.
import { describe, expect, it } from 'vitest';
import { requireTools, runCommand } from './run-command.js';

describe('runCommand', () => {
  it('returns the output of a successful command', async () => {
    expect(await runCommand('sh', ['-c', 'echo hi'], { step: 'say hi' })).toEqual({
      code: 0,
      stdout: 'hi\n',
      stderr: '',
    });
  });

  it('names the step and keeps the output of a failed command', async () => {
    await expect(
      runCommand('sh', ['-c', 'echo broken >&2; exit 3'], { step: 'unpack the kernel' }),
    ).rejects.toMatchObject({
      code: 'MVM_ERR_IMAGE_STEP_FAILED',
      message: 'Building the guest image failed at step "unpack the kernel": sh exited with 3',
      detail: expect.stringContaining('broken'),
    });
  });

  it('lets the caller judge a non-zero exit when asked', async () => {
    expect((await runCommand('sh', ['-c', 'exit 1'], { step: 'x', allowFailure: true })).code).toBe(1);
  });

  it('says which package provides a missing tool', async () => {
    await expect(runCommand('nqvm-no-such-tool', [], { step: 'x' })).rejects.toMatchObject({
      code: 'MVM_ERR_IMAGE_TOOL_MISSING',
      message: 'nqvm-no-such-tool not found — apt-get install nqvm-no-such-tool',
    });
    await expect(requireTools(['sh', 'nqvm-no-such-tool'])).rejects.toMatchObject({
      code: 'MVM_ERR_IMAGE_TOOL_MISSING',
    });
    await expect(requireTools(['sh', 'mkfs.ext4'])).resolves.toBeUndefined();
  });
});
