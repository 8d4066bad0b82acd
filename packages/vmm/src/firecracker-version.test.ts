// fc-vmm reports the same Firecracker version as the generated API types it implements.
import { FIRECRACKER_API_VERSION } from '@nqvm/fc-api';
import { expect, it } from 'vitest';
import { FIRECRACKER_VERSION } from './firecracker-version.js';

it('matches the reference spec version', () => {
  expect(FIRECRACKER_VERSION).toBe(FIRECRACKER_API_VERSION);
});
