// Firecracker's log line format and level filtering.
import { describe, expect, it } from 'vitest';
import { parseLevel, VmmLogger } from './vmm-logger.js';

describe('VmmLogger', () => {
  it('formats lines as `<time> [<id>:<thread>:<LEVEL>] msg`', () => {
    const lines: string[] = [];
    const log = new VmmLogger({ instanceId: 'vm1', fallback: (l) => lines.push(l) });
    log.info('plain');
    log.configure({ show_level: true, show_log_origin: true });
    log.warn('tagged');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9} \[vm1:main\] plain\n$/);
    expect(lines[1]).toMatch(/ \[vm1:main:WARN:\?:\?\] tagged\n$/);
  });

  it('filters by level', () => {
    const lines: string[] = [];
    const log = new VmmLogger({ instanceId: 'vm1', fallback: (l) => lines.push(l) });
    log.debug('hidden at the default Info level');
    log.configure({ level: 'Error' });
    log.warn('hidden');
    log.error('shown');
    expect(lines).toHaveLength(1);
    expect(parseLevel('WARN')).toBe('Warning');
    expect(parseLevel('trace')).toBe('Trace');
    expect(parseLevel('loud')).toBeUndefined();
  });
});
