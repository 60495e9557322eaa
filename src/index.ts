// Composition root: read configuration, start telemetry when configured, build the app, listen. Bad
// data or configuration stops here with a message naming the file and field.
import dotenv from 'dotenv';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { readConfig } from './config.js';

dotenv.config({ quiet: true });
const rootDir = fileURLToPath(new URL('..', import.meta.url));

try {
  const config = readConfig(process.env, rootDir);
  // The SDK is loaded only when telemetry is on: a bot without it pays nothing at start-up.
  const telemetry =
    config.telemetry.kind === 'off'
      ? undefined
      : await (await import('./telemetry/start.js')).startTelemetry(config.telemetry);
  const { server, logger, close } = createApp(config, { telemetry: telemetry?.telemetry });
  server.listen(config.port, config.host, () => {
    const mode = config.botFramework.MicrosoftAppId
      ? `authenticated (${config.botFramework.MicrosoftAppType})`
      : 'open (no MicrosoftAppId: Emulator and local use)';
    for (const warning of config.warnings) logger.warn(warning);
    logger.info(
      { port: config.port, mode, storage: config.storage.kind, telemetry: config.telemetry.kind },
      `Canada–US Relations assistant listening on http://${config.host}:${config.port}/ (messages at /api/messages)`,
    );
  });
  // Graceful shutdown: stop accepting, close the web chat streams, let turns in flight finish, send
  // buffered telemetry, then exit (forced after 10 s).
  const stop = (signal: string) => {
    logger.info({ signal }, 'finishing requests in flight, then stopping');
    setTimeout(() => process.exit(1), 10_000).unref();
    void close()
      .then(() => telemetry?.shutdown())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  console.error(`cannot start: ${(error as Error).message}`);
  process.exit(1);
}
