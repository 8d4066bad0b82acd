// Firecracker's flag grammar and error wording.
import { describe, expect, it } from 'vitest';
import { ArgParseError, DEFAULT_API_SOCK, parseArgs, validateInstanceId } from './cli-args.js';

const detail = (argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (err) {
    if (err instanceof ArgParseError) return err.message;
    throw err;
  }
  throw new Error('parsed');
};

describe('parseArgs', () => {
  it('fills Firecracker defaults', () => {
    const parsed = parseArgs([]);
    expect(parsed).toMatchObject({ kind: 'run' });
    if (parsed.kind !== 'run') return;
    expect(parsed.values).toMatchObject({
      'api-sock': DEFAULT_API_SOCK,
      id: 'anonymous-instance',
      'http-api-max-payload-size': '51200',
    });
  });

  it('lets --help and --version win anywhere', () => {
    expect(parseArgs(['--bogus', '--version'])).toEqual({ kind: 'version' });
    expect(parseArgs(['--id', 'x', '--help'])).toEqual({ kind: 'help' });
  });

  it('words bad command lines like Firecracker', () => {
    expect(detail(['--bogus'])).toBe(
      "Arguments parsing error: Found argument 'bogus' which wasn't expected, or isn't valid in this context. \n\nFor more information try --help.",
    );
    expect(detail(['stray'])).toContain("Found argument 'stray' which wasn't expected");
    expect(detail(['--no-api'])).toContain("Argument 'config-file' required, but not found.");
    expect(detail(['--id'])).toContain("The argument 'id' requires a value, but none was supplied.");
    expect(detail(['--id', 'a', '--id', 'b'])).toContain("The argument 'id' was provided more than once.");
  });

  it('ignores what follows --', () => {
    expect(parseArgs(['--id', 'vm1', '--', '--anything'])).toMatchObject({
      kind: 'run',
      values: { id: 'vm1' },
    });
  });
});

describe('validateInstanceId', () => {
  it('allows 1-64 alphanumerics and dashes', () => {
    expect(validateInstanceId('vm-1')).toBeUndefined();
    expect(validateInstanceId('vm_1')).toContain('Invalid instance ID');
    expect(validateInstanceId('x'.repeat(65))).toContain('Invalid instance ID');
  });
});
