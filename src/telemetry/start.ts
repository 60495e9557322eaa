// Starts an OpenTelemetry SDK for the configured destination and returns the bot's Telemetry. index.ts
// imports this module only when telemetry is configured, so a bot without it never loads an SDK.
// - Application Insights: Azure Monitor's OpenTelemetry distribution (@azure/monitor-opentelemetry),
//   with its automatic instrumentations off: the bot's own spans say what a request, a turn and a
//   storage call are, and nothing else is double-counted.
// - An OTLP endpoint (a collector, Jaeger, Grafana…): the OpenTelemetry Node SDK with OTLP/HTTP exporters.
import type { TelemetryConfig } from '../config.js';
import { OpenTelemetry } from './openTelemetry.js';
import type { Telemetry } from './telemetry.js';

export interface StartedTelemetry {
  telemetry: Telemetry;
  /** Sends what is buffered, then stops (on SIGTERM, before exiting). */
  shutdown(): Promise<void>;
}

const metricIntervalMs = 60_000;

export async function startTelemetry(config: Exclude<TelemetryConfig, { kind: 'off' }>): Promise<StartedTelemetry> {
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({ 'service.name': config.serviceName });
  if (config.kind === 'azureMonitor') {
    const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    const off = { enabled: false };
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: config.connectionString },
      resource,
      instrumentationOptions: {
        http: off,
        azureSdk: off,
        mongoDb: off,
        mySql: off,
        postgreSql: off,
        redis: off,
        redis4: off,
        bunyan: off,
        winston: off,
      },
    });
    return { telemetry: new OpenTelemetry(), shutdown: shutdownAzureMonitor };
  }
  const [{ NodeSDK }, { OTLPTraceExporter }, { OTLPMetricExporter }, { PeriodicExportingMetricReader }] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/exporter-metrics-otlp-http'),
      import('@opentelemetry/sdk-metrics'),
    ]);
  const base = config.endpoint.replace(/\/$/, '');
  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    traceExporter: new OTLPTraceExporter({ url: `${base}/v1/traces` }),
    metricReader: new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
      exportIntervalMillis: metricIntervalMs,
    }),
    instrumentations: [],
  });
  sdk.start();
  return { telemetry: new OpenTelemetry(), shutdown: () => sdk.shutdown() };
}
