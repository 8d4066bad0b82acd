// The host TSC rate is read only when the host says its TSC is constant.
import { describe, expect, it } from 'vitest';
import { parseTscKhz, tcgKernelParams } from './tcg-timing.js';

const cpuinfo = (flags: string) =>
  `processor\t: 0\ncpu MHz\t\t: 2596.136\nflags\t\t: fpu tsc ${flags} rdtscp\n`;

describe('tcgKernelParams', () => {
  it('passes the host TSC rate to the guest', () => {
    expect(parseTscKhz(cpuinfo('constant_tsc nonstop_tsc'))).toBe(2596136);
    expect(tcgKernelParams(cpuinfo('constant_tsc'))).toEqual(['tsc_early_khz=2596136']);
  });

  it('does not guess for a variable TSC or missing data', () => {
    expect(tcgKernelParams(cpuinfo(''))).toEqual([]);
    expect(tcgKernelParams('')).toEqual([]);
  });
});
