// PUT /boot-source.
import { describe, expect, it } from 'vitest';
import { parsePutBootSource } from './boot-source.parser.js';

describe('parsePutBootSource', () => {
  it('carries the boot source', () => {
    const body = '{"kernel_image_path":"/k","boot_args":"console=ttyS0","initrd_path":null}';
    expect(parsePutBootSource({ method: 'PUT', params: [], body })).toEqual({
      ok: true,
      action: {
        kind: 'ConfigureBootSource',
        config: { kernel_image_path: '/k', boot_args: 'console=ttyS0' },
      },
    });
  });

  it('requires the kernel path', () => {
    expect(parsePutBootSource({ method: 'PUT', params: [], body: '{"boot_args":"x"}' })).toMatchObject({
      message:
        'An error occurred when deserializing the json body of a request: missing field `kernel_image_path` at line 1 column 17.',
    });
  });
});
