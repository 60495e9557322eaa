// Telemetry as OpenTelemetry traces and metrics, through the global providers that start.ts (or a
// test) registers: a SERVER span per HTTP request, an INTERNAL span per turn with its intent, score,
// language and outcome, a CLIENT span per storage call (Application Insights shows them as requests,
// and as dependencies), plus counters and latency histograms. Attributes are ids, names and numbers,
// never message text.
import { context, metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { version } from '../version.js';
import type { RequestTelemetry, Telemetry, TurnReport } from './telemetry.js';

const scope = 'canada-us-relations-assistant';

export class OpenTelemetry implements Telemetry {
  private readonly tracer = trace.getTracer(scope, version);
  private readonly meter = metrics.getMeter(scope, version);
  private readonly requestDuration = this.meter.createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests',
  });
  private readonly turns = this.meter.createCounter('bot.turns', {
    description: 'Messages handled, by outcome, intent, language and channel',
  });
  private readonly turnDuration = this.meter.createHistogram('bot.turn.duration', {
    unit: 'ms',
    description: 'Time to decide and send a turn’s reply, storage included',
  });

  request(method: string): RequestTelemetry {
    const started = performance.now();
    const span = this.tracer.startSpan(method, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': method },
    });
    const inside = trace.setSpan(context.active(), span);
    return {
      within: (work) => context.with(inside, work),
      end: (status, route) => {
        const attributes: Attributes = {
          'http.request.method': method,
          'http.response.status_code': status,
          ...(route ? { 'http.route': route } : {}),
        };
        if (route) span.updateName(`${method} ${route}`);
        span.setAttributes(attributes);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        this.requestDuration.record((performance.now() - started) / 1000, attributes);
      },
    };
  }

  turn<T>(work: (report: (fields: TurnReport) => void) => Promise<T>): Promise<T> {
    return this.tracer.startActiveSpan('bot turn', { kind: SpanKind.INTERNAL }, async (span) => {
      const started = performance.now();
      let reported: TurnReport | undefined;
      try {
        return await work((fields) => {
          reported = fields;
          span.setAttributes(turnAttributes(fields));
        });
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
        if (reported) {
          const attributes = {
            'bot.outcome': reported.outcome,
            'bot.channel': reported.channel,
            ...(reported.intent ? { 'bot.intent': reported.intent } : {}),
            ...(reported.language ? { 'bot.language': reported.language } : {}),
          };
          this.turns.add(1, attributes);
          this.turnDuration.record(performance.now() - started, { 'bot.outcome': reported.outcome });
        }
      }
    });
  }

  dependency<T>(target: string, operation: string, work: () => Promise<T>): Promise<T> {
    const attributes = {
      'server.address': target,
      'az.namespace': 'Microsoft.Storage',
      'bot.storage.operation': operation,
    };
    return this.tracer.startActiveSpan(`storage ${operation}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        return await work();
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  }
}

function turnAttributes(fields: TurnReport): Attributes {
  const attributes: Attributes = { 'bot.channel': fields.channel, 'bot.outcome': fields.outcome };
  if (fields.language) attributes['bot.language'] = fields.language;
  if (fields.intent) attributes['bot.intent'] = fields.intent;
  if (fields.score !== undefined) attributes['bot.score'] = fields.score;
  if (fields.via) attributes['bot.via'] = fields.via;
  if (fields.rating) attributes['bot.rating'] = fields.rating;
  if (fields.attempts !== undefined) attributes['bot.attempts'] = fields.attempts;
  return attributes;
}

/** The error's kind only: a message could quote what the person wrote. */
function failed(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' });
  span.setAttribute('error.type', (error as Error)?.name ?? 'Error');
}
