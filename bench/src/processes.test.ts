// The restore command line keeps everything of the boot one but the boot files.
import { describe, expect, it } from 'vitest';
import { incomingArgs } from './processes.js';

describe('incomingArgs', () => {
  it('drops -kernel, -initrd and -append with their values, and nothing else', () => {
    const boot = [
      '-M',
      'microvm',
      '-kernel',
      '/k',
      '-initrd',
      '/i',
      '-append',
      'console=ttyS0',
      '-m',
      '256M',
    ];
    expect(incomingArgs(boot)).toEqual(['-M', 'microvm', '-m', '256M']);
  });

  it('leaves a command line without boot files as it is', () => {
    expect(incomingArgs(['-M', 'microvm', '-S'])).toEqual(['-M', 'microvm', '-S']);
  });
});
