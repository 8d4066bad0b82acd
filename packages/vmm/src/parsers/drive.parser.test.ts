// PUT/PATCH /drives/{id}: id checks, id mismatch, body fields.
import { describe, expect, it } from 'vitest';
import { parsePatchDrive, parsePutDrive } from './drive.parser.js';

const drive = { drive_id: 'root', path_on_host: '/r.ext4', is_root_device: true, is_read_only: false };

describe('drive parsers', () => {
  it('parses PUT into InsertBlockDevice', () => {
    expect(parsePutDrive({ method: 'PUT', params: ['root'], body: JSON.stringify(drive) })).toEqual({
      ok: true,
      action: { kind: 'InsertBlockDevice', config: drive },
    });
  });

  it('checks the path id before the body, then the id mismatch', () => {
    expect(parsePutDrive({ method: 'PUT', params: [], body: 'junk' })).toMatchObject({
      message: 'The ID cannot be empty.',
    });
    expect(parsePutDrive({ method: 'PUT', params: ['a-b'], body: 'junk' })).toMatchObject({
      message: 'API Resource IDs can only contain alphanumeric characters and underscores.',
    });
    expect(parsePutDrive({ method: 'PUT', params: ['other'], body: JSON.stringify(drive) })).toEqual({
      ok: false,
      status: 400,
      message: 'The id from the path does not match the id from the body!',
    });
  });

  it('parses PATCH and refuses fields PATCH cannot change', () => {
    expect(
      parsePatchDrive({ method: 'PATCH', params: ['root'], body: '{"drive_id":"root","path_on_host":"/n"}' }),
    ).toEqual({
      ok: true,
      action: { kind: 'UpdateBlockDevice', update: { drive_id: 'root', path_on_host: '/n' } },
    });
    expect(
      parsePatchDrive({ method: 'PATCH', params: ['root'], body: '{"drive_id":"root","is_read_only":true}' }),
    ).toMatchObject({ message: expect.stringContaining('unknown field `is_read_only`, expected one of') });
  });
});
