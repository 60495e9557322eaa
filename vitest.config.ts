import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The recognizers are trained once for the whole run (test/support/trainOnce.ts).
    globalSetup: ['test/support/trainOnce.ts'],
  },
});
