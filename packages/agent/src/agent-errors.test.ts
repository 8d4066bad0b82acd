// The registry stays well-formed: codes are stable, statuses are errors, every code is documented.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_ERROR_REGISTRY, agentErrors } from './agent-errors.js';

describe('AGT_ERR registry', () => {
  const keys = Object.keys(AGENT_ERROR_REGISTRY) as (keyof typeof AGENT_ERROR_REGISTRY)[];

  it('builds AGT_ERR_<KEY> codes with 4xx/5xx statuses', () => {
    expect(keys.length).toBe(23);
    for (const key of keys) {
      const err = agentErrors[key]();
      expect(err.code).toBe(`AGT_ERR_${key}`);
      expect(err.status).toBeGreaterThanOrEqual(400);
      expect(err.status).toBeLessThan(600);
    }
  });

  it('lists each code in the package README with its fix', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const key of keys) expect(readme).toContain(`AGT_ERR_${key}`);
  });
});
