// PUT /snapshot/create and /snapshot/load, with Firecracker's custom errors and deprecations.
import { describe, expect, it } from 'vitest';
import { parsePutSnapshot } from './snapshot.parser.js';

const put = (params: string[], body: string) => parsePutSnapshot({ method: 'PUT', params, body });
const prefix = 'An error occurred when deserializing the json body of a request: ';

describe('parsePutSnapshot', () => {
  it('parses create', () => {
    expect(put(['create'], '{"snapshot_path":"s","mem_file_path":"m","snapshot_type":"Diff"}')).toEqual({
      ok: true,
      action: {
        kind: 'CreateSnapshot',
        params: { snapshot_path: 's', mem_file_path: 'm', snapshot_type: 'Diff' },
      },
    });
  });

  it('turns the deprecated mem_file_path into a File backend', () => {
    expect(put(['load'], '{"snapshot_path":"s","mem_file_path":"m","resume_vm":true}')).toEqual({
      ok: true,
      action: {
        kind: 'LoadSnapshot',
        params: {
          snapshot_path: 's',
          mem_backend: { backend_type: 'File', backend_path: 'm' },
          resume_vm: true,
        },
      },
      deprecation: 'PUT /snapshot/load: mem_file_path field is deprecated.',
    });
  });

  it('needs exactly one of mem_backend and mem_file_path', () => {
    expect(put(['load'], '{"snapshot_path":"s"}')).toMatchObject({
      message: `${prefix}missing field: either \`mem_backend\` or \`mem_file_path\` is required.`,
    });
    expect(
      put(
        ['load'],
        '{"snapshot_path":"s","mem_file_path":"m","mem_backend":{"backend_type":"File","backend_path":"m"}}',
      ),
    ).toMatchObject({
      message: `${prefix}too many fields: either \`mem_backend\` or \`mem_file_path\` exclusively is required.`,
    });
    expect(
      put(['load'], '{"snapshot_path":"s","mem_backend":{"backend_type":"foo","backend_path":"m"}}'),
    ).toMatchObject({
      message: expect.stringContaining('unknown variant `foo`, expected `File` or `Uffd`'),
    });
  });

  it('words a missing or unknown operation', () => {
    expect(put([], '{}')).toMatchObject({ message: 'Missing snapshot operation type.' });
    expect(put(['copy'], '{}')).toMatchObject({
      message: 'Invalid request method and/or path: PUT /snapshot/copy.',
    });
  });
});
