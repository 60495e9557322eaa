import { defineConfig } from 'vitest/config';

/**
 * Tests mirror src/'s folders (test/e2e: the pages in Chromium). Integration tests: they start a server (even in-process, on a loopback port), a child process, Azurite,
 * Chromium, or a load. Everything else is a unit test: `npm run test:unit` is the quick loop.
 */
const integration = [
  'test/e2e/**/*.test.ts',
  'test/server/*.test.ts',
  'test/{managedIdentity,production,storage}.test.ts',
  'test/insights/{blobEvents,events,insights,reports}.test.ts',
  'test/{bot/teams,conversation/feedback,replies/cards,telemetry/telemetry}.test.ts',
];

export default defineConfig({
  test: {
    // The recognizers are trained once for the whole run (test/support/trainOnce.ts).
    globalSetup: ['test/support/trainOnce.ts'],
    projects: [
      {
        extends: true,
        // Pure code: the test files share their modules (imports, facts, model) instead of loading them each.
        // Some run every held-out question through the bot: 30 s, not 5, leaves room for a busy machine.
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: integration,
          isolate: false,
          testTimeout: 30_000,
        },
      },
      { extends: true, test: { name: 'integration', include: integration } },
    ],
  },
});
