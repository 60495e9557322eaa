// The insights page for the people who keep the bot (/insights), in English and French, registered
// only when INSIGHTS_TOKEN is set: without it none of these routes exists (404). With it, the page
// and its data (JSON for the page's script, CSV for each table) answer only to the token — a bearer
// token, or the session cookie the sign-in form gives (401 and the form otherwise); every attempt at
// the token is charged to the client's allowance in the app's one rate limiter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import restify from 'restify';
import type { Language } from '../facts/schema.js';
import { defaultDays, periodAskedFor, type InsightsBuilder } from '../insights/insights.js';
import { tableCsv, tableIds, type InsightsStrings, type TableId } from '../insights/tables.js';
import type { Logger } from '../logger.js';
import { cookieValue, InsightsAccess, sessionCookie, sessionSeconds } from './insightsAccess.js';
import { isLoopback, type RateLimiter } from './rateLimit.js';
import { serveFiles, type StaticFile } from './staticFiles.js';
import { vendorFolder } from './vendor.js';

export interface InsightsPageOptions {
  token: string;
  builder: InsightsBuilder;
  strings: Record<Language, InsightsStrings>;
  retentionDays: number;
  publicDir: string;
  vendorDir: string;
  /** The address people reach the bot at: when https, the session cookie is always Secure. */
  publicUrl: string;
  limiter?: RateLimiter;
  logger?: Logger;
}

/** The page, its data and its files: private, never cached, never framed, never indexed. */
const securityHeaders = {
  // The design system's components inject their styles at run time (hence 'unsafe-inline' for styles
  // only); scripts, fonts and data all come from this origin, and the forms post only here.
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
};
const privateHeaders = { ...securityHeaders, 'cache-control': 'no-store' };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A template's `{{name}}` filled with the escaped value, `{{{name}}}` with HTML built here. A name
 * without a value stops the start-up (each template is filled once then, in each language).
 */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\{?)(\w+)\}?\}\}/g, (_, raw: string, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`public/insights*.html: no value for {{${name}}}`);
    return raw ? value : escapeHtml(value);
  });
}

export function registerInsights(server: restify.Server, options: InsightsPageOptions): void {
  const access = new InsightsAccess(options.token);
  const { strings, limiter, logger } = options;
  const templates = {
    page: readFileSync(join(options.publicDir, 'insights.html'), 'utf8'),
    signIn: readFileSync(join(options.publicDir, 'insights-sign-in.html'), 'utf8'),
  };
  const files = new Map<string, StaticFile>([
    ['/insights/insights.js', { path: join(options.publicDir, 'insights.js') }],
    ['/insights/insights.css', { path: join(options.publicDir, 'insights.css') }],
    ['/insights/chart.umd.min.js', { path: join(vendorFolder('chartjs', options.vendorDir), 'chart.umd.min.js') }],
  ]);
  serveFiles(server, files, securityHeaders);

  const languageOf = (req: restify.Request): Language => {
    const asked = new URL(req.url ?? '/', 'http://x').searchParams.get('lang');
    if (asked === 'fr' || asked === 'en') return asked;
    return /^\s*fr\b/i.test(req.header('accept-language') ?? '') ? 'fr' : 'en';
  };
  const query = (req: restify.Request) => new URL(req.url ?? '/', 'http://x').searchParams;
  const href = (language: Language, period?: { from: string; to: string }) =>
    `/insights?${new URLSearchParams({ lang: language, ...(period ?? {}) })}`;

  /**
   * Signed in (the cookie), or a bearer token that is right: true. A wrong token is charged as an
   * attempt: false, or the seconds to wait once the client has made too many.
   */
  const authorized = (req: restify.Request): boolean | number => {
    const bearer = access.bearerIn(req.header('authorization'));
    if (bearer !== undefined)
      return access.isToken(bearer) || (limiter?.signInAttempt(req.socket.remoteAddress) ?? false);
    return access.isSession(cookieValue(req.header('cookie'), sessionCookie));
  };
  const refuse = (res: restify.Response, verdict: false | number, body: () => void) => {
    if (verdict !== false) {
      res.writeHead(429, { ...privateHeaders, 'retry-after': String(verdict), 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'too many attempts; please wait a minute' }));
      return;
    }
    res.header('www-authenticate', 'Bearer realm="insights"');
    body();
  };

  const signInPage = (language: Language, error = '') =>
    fill(templates.signIn, {
      ...stringValues(strings[language]),
      lang: language,
      otherLanguageHref: href(other(language)),
      signInError: error,
    });
  const dashboard = (language: Language, asked: { from?: string; to?: string }) => {
    const s = strings[language];
    const { period, valid } = periodAskedFor(asked, options.retentionDays);
    const fromValue = period.from.toISOString().slice(0, 10);
    const toValue = new Date(period.to.getTime() - 1).toISOString().slice(0, 10);
    const lastDays = [7, 30, 90].filter((days) => days < options.retentionDays);
    lastDays.push(options.retentionDays);
    return fill(templates.page, {
      ...stringValues(s),
      lang: language,
      otherLanguageHref: href(other(language), { from: fromValue, to: toValue }),
      fromValue,
      toValue,
      periodHint: s.periodHint.replace('{days}', String(options.retentionDays)),
      periodNotice: valid
        ? ''
        : `<gcds-notice notice-role="warning" notice-title-tag="h2" notice-title="${escapeHtml(s.periodTitle)}" lang="${language}"><gcds-text margin-bottom="0">${escapeHtml(s.periodInvalid.replace('{days}', String(defaultDays)))}</gcds-text></gcds-notice>`,
      quickPeriods: lastDays
        .map((days) => {
          const range = lastDaysRange(days);
          return `<li><gcds-link href="${escapeHtml(href(language, range))}">${escapeHtml(s.lastDays.replace('{days}', String(days)))}</gcds-link></li>`;
        })
        .join(''),
      csvLinks: tableIds
        .map(
          (id) =>
            `<li><a href="${escapeHtml(`/insights/data.csv?${new URLSearchParams({ table: id, lang: language, from: fromValue, to: toValue })}`)}">${escapeHtml(s.tables[id].title)} (CSV)</a></li>`,
        )
        .join(''),
    });
  };
  // Every template is filled once now, in each language: a missing string stops the start-up.
  for (const language of ['en', 'fr'] as const) {
    signInPage(language);
    dashboard(language, {});
  }

  const html = (res: restify.Response, status: number, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...privateHeaders, 'content-type': 'text/html; charset=utf-8', ...extra });
    res.end(body);
  };
  const json = (res: restify.Response, status: number, body: unknown) => {
    res.writeHead(status, { ...privateHeaders, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  /** Secure unless reached over plain HTTP on this machine (local use, tests), where browsers would drop it. */
  const cookieFlags = (req: restify.Request) =>
    `Path=/insights; HttpOnly; SameSite=Strict${
      options.publicUrl.startsWith('https:') || !isLoopback(req.socket.remoteAddress) ? '; Secure' : ''
    }`;

  server.get('/insights', (req, res, next) => {
    const language = languageOf(req);
    const verdict = authorized(req);
    if (verdict === true) html(res, 200, dashboard(language, Object.fromEntries(query(req))));
    else refuse(res, verdict, () => html(res, 401, signInPage(language)));
    next();
  });

  server.post(
    '/insights/sign-in',
    restify.plugins.bodyReader({ maxBodySize: 4096 }),
    (req: restify.Request, res: restify.Response, next: restify.Next) => {
      const form = formBody(req);
      const language: Language = form.get('lang') === 'fr' ? 'fr' : 'en';
      const wait = limiter?.signInAttempt(req.socket.remoteAddress);
      if (wait !== undefined) {
        refuse(res, wait, () => undefined);
        return next();
      }
      if (!access.isToken(form.get('token') ?? '')) {
        logger?.warn('insights: sign-in with a wrong token');
        html(res, 401, signInPage(language, strings[language].signInFailed));
        return next();
      }
      res.writeHead(303, {
        ...privateHeaders,
        location: href(language),
        'set-cookie': `${sessionCookie}=${access.newSession()}; Max-Age=${sessionSeconds}; ${cookieFlags(req)}`,
      });
      res.end();
      return next();
    },
  );

  server.post(
    '/insights/sign-out',
    restify.plugins.bodyReader({ maxBodySize: 4096 }),
    (req: restify.Request, res: restify.Response, next: restify.Next) => {
      const form = formBody(req);
      res.writeHead(303, {
        ...privateHeaders,
        location: href(form.get('lang') === 'fr' ? 'fr' : 'en'),
        'set-cookie': `${sessionCookie}=; Max-Age=0; ${cookieFlags(req)}`,
      });
      res.end();
      next();
    },
  );

  server.get('/insights/data', (req, res, next) => {
    const verdict = authorized(req);
    if (verdict !== true) {
      refuse(res, verdict, () => json(res, 401, { error: 'the insights token is needed' }));
      return next();
    }
    const language = languageOf(req);
    const { period, valid } = periodAskedFor(Object.fromEntries(query(req)), options.retentionDays);
    options.builder
      .insights(period, language)
      .then((insights) => json(res, 200, { ...insights, validPeriod: valid, strings: strings[language] }))
      .catch((error: unknown) => {
        logger?.error(
          { error: `${(error as Error).name}: ${(error as Error).message}` },
          'insights: events unreadable',
        );
        json(res, 503, { error: 'the events cannot be read right now; please try again' });
      })
      .finally(() => next());
  });

  server.get('/insights/data.csv', (req, res, next) => {
    const verdict = authorized(req);
    if (verdict !== true) {
      refuse(res, verdict, () => json(res, 401, { error: 'the insights token is needed' }));
      return next();
    }
    const table = query(req).get('table') as TableId | null;
    if (!table || !tableIds.includes(table)) {
      json(res, 400, { error: `field "table": one of ${tableIds.join(', ')}` });
      return next();
    }
    const language = languageOf(req);
    const { period } = periodAskedFor(Object.fromEntries(query(req)), options.retentionDays);
    options.builder
      .insights(period, language)
      .then((insights) => {
        const csv = tableCsv(insights.tables.find((t) => t.id === table)!);
        res.writeHead(200, {
          ...privateHeaders,
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="insights-${table}-${insights.period.from}-${insights.period.to}.csv"`,
        });
        // A byte order mark, so that spreadsheets read the accents and emoji as UTF-8.
        res.end(`\uFEFF${csv}`);
      })
      .catch((error: unknown) => {
        logger?.error(
          { error: `${(error as Error).name}: ${(error as Error).message}` },
          'insights: events unreadable',
        );
        json(res, 503, { error: 'the events cannot be read right now; please try again' });
      })
      .finally(() => next());
  });
}

const other = (language: Language): Language => (language === 'en' ? 'fr' : 'en');

/** The last `days` UTC days, today included, as the period form gives them. */
function lastDaysRange(days: number, now = Date.now()): { from: string; to: string } {
  const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
  return { from: isoDay(now - (days - 1) * 86_400_000), to: isoDay(now) };
}

/** A form's fields (application/x-www-form-urlencoded). */
function formBody(req: restify.Request): URLSearchParams {
  const body: unknown = req.body;
  return new URLSearchParams(Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '');
}

/** The strings that are text (not the nested groups), as template values. */
function stringValues(strings: InsightsStrings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(strings).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
