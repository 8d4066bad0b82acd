// NQVM_VMM_POOL is read strictly: a bad value stops the agent at start-up with a coded error, before anything changes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '@nqvm/core';
import { tempDir } from '@nqvm/testkit';
import { describe, expect, it } from 'vitest';
import { buildAgent } from './agent-app.js';
import { loadAgentConfig, parseVmmPoolSize } from './agent-config.js';

describe('NQVM_VMM_POOL', () => {
  it('defaults to 1 and takes integers 0..16', () => {
    expect(loadAgentConfig({}).vmmPoolSize).toBe(1);
    expect(parseVmmPoolSize('')).toBe(1);
    expect(parseVmmPoolSize('0')).toBe(0);
    expect(parseVmmPoolSize(' 16 ')).toBe(16);
  });

  it.each(['17', '-1', 'two', '1.5', '0x2', '1e1'])('refuses %j with AGT_ERR_CONFIG_INVALID', (value) => {
    let err: unknown;
    try {
      loadAgentConfig({ NQVM_VMM_POOL: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CodedError);
    expect(err).toMatchObject({ code: 'AGT_ERR_CONFIG_INVALID', status: 500 });
    expect((err as CodedError).message).toContain('NQVM_VMM_POOL');
    expect((err as CodedError).message).toContain('from 0 to 16');
    expect((err as CodedError).suggestion).toContain('NQVM_VMM_POOL');
  });

  it('stops buildAgent before it touches the data dir', async () => {
    const dir = await tempDir('nqvm-agent-config-');
    const dataDir = join(dir.path, 'data');
    await expect(
      buildAgent({ env: { NQVM_DATA_DIR: dataDir, NQVM_VMM_POOL: 'lots' } }),
    ).rejects.toMatchObject({
      code: 'AGT_ERR_CONFIG_INVALID',
    });
    expect(existsSync(dataDir)).toBe(false);
    await dir.cleanup();
  });
});
