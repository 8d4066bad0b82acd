// Network namespaces: bridge, TAPs, exec inside, and nothing left after destroy().
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createNetns } from './netns.js';

const namespaces = () => execFileSync('ip', ['netns', 'list']).toString();

describe('createNetns', () => {
  it('builds an isolated bridge with TAPs and removes it all on destroy', async () => {
    const netns = await createNetns({ subnet: '10.77.3' });
    try {
      expect(namespaces()).toContain(netns.name);
      const tap = await netns.createTap();
      const links = await netns.exec('ip', ['-o', 'link', 'show', 'master', netns.bridge]);
      expect(links.stdout).toContain(tap);
      const addr = await netns.exec('ip', ['-o', '-4', 'addr', 'show', 'dev', netns.bridge]);
      expect(addr.stdout).toContain('inet 10.77.3.1/24');
      // No default route: traffic cannot leave the namespace.
      expect((await netns.exec('ip', ['route', 'show', 'default'])).stdout).toBe('');
      expect((await netns.exec('false')).code).toBe(1);
    } finally {
      await netns.destroy();
    }
    expect(namespaces()).not.toContain(netns.name);
    await netns.destroy();
  });
});
