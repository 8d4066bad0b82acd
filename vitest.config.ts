// One test run for the whole monorepo: unit tests beside the code, e2e under tests/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sources, so a stale dist/ never hides a change.
    alias: {
      '@nqvm/agent': pkg('agent'),
      '@nqvm/core': pkg('core'),
      '@nqvm/fc-api': pkg('fc-api'),
      '@nqvm/guest-image': pkg('guest-image'),
      '@nqvm/testkit': pkg('testkit'),
      '@nqvm/vmm': pkg('vmm'),
      '@nqvm/manager': pkg('manager'),
      '@nqvm/client': pkg('client'),
      // The web package's own `@/…` imports (its tsconfig paths), for its component tests.
      '@': fileURLToPath(new URL('./packages/web/src', import.meta.url)),
    },
  },
  // React 17+ JSX for the web's component tests (its tsconfig says `preserve`, which is for Next).
  esbuild: { jsx: 'automatic' },
  test: {
    // Builds the default guest images once per run (a no-op when they are current).
    globalSetup: ['tests/global-setup.ts'],
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/web/src/**/*.test.tsx',
      'bench/src/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    pool: 'forks',
    // Guests boot under TCG on 2 cores: give them time, and don't boot too many at once.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
    minWorkers: 1,
  },
});
