// Test runner configuration: tests sit next to the code as *.test.ts; type tests as *.test-d.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts', 'bench/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 30_000,
    setupFiles: ['./vitest.setup.ts'],
    pool: 'forks',
  },
});
