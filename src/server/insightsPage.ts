// The insights page for the people who keep the bot (/insights), in English and French, registered
// only when INSIGHTS_TOKEN is set: without it none of these routes exists (404). With it, the page
// and its data (JSON for the page's script, CSV for each table) answer only to the token — a bearer
// token, or the session cookie the sign-in form gives (401 and the form otherwise); every attempt at
// the token is charged to the client's allowance in the app's one rate limiter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import restify from 'restify';
import type { Language } from '../facts/schema.js';
import { defaultDays, periodAskedFor, type Insights, type InsightsBuilder } from '../insights/insights.js';
import { day } from '../insights/eventLogTypes.js';
import { tableCsv, tableIds, type InsightsStrings, type TableId } from '../insights/tables.js';
import { errorSummary, type Logger } from '../logger.js';
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

/** The insights routes: the page's files, the page, signing in and out, and its data as JSON and CSV. */
export function registerInsights(server: restify.Server, options: InsightsPageOptions): void {
  const access = new InsightsAccess(options.token);
  const templates = readTemplates(options.publicDir);
  serveFiles(server, insightsFiles(options), securityHeaders);
  const site: InsightsSite = { options, access, pages: new InsightsPages(templates, options) };
  server.get('/insights', pageRoute(site));
  server.post('/insights/sign-in', formReader(), signInRoute(site));
  server.post('/insights/sign-out', formReader(), signOutRoute(site));
  server.get('/insights/data', dataRoute(site));
  server.get('/insights/data.csv', csvRoute(site));
}

/** What the routes share: the options, the token's checks and the pages. */
interface InsightsSite {
  options: InsightsPageOptions;
  access: InsightsAccess;
  pages: InsightsPages;
}

interface Templates {
  page: string;
  signIn: string;
}

function readTemplates(publicDir: string): Templates {
  return {
    page: readFileSync(join(publicDir, 'insights.html'), 'utf8'),
    signIn: readFileSync(join(publicDir, 'insights-sign-in.html'), 'utf8'),
  };
}

/** The page's script and style, and Chart.js. */
function insightsFiles({ publicDir, vendorDir }: InsightsPageOptions): Map<string, StaticFile> {
  return new Map<string, StaticFile>([
    ['/insights/insights.js', { path: join(publicDir, 'insights.js') }],
    ['/insights/insights.css', { path: join(publicDir, 'insights.css') }],
    ['/insights/chart.umd.min.js', { path: join(vendorFolder('chartjs', vendorDir), 'chart.umd.min.js') }],
  ]);
}

/** The sign-in form and the dashboard in a language, from the templates and the strings. */
class InsightsPages {
  constructor(
    private readonly templates: Templates,
    private readonly options: Pick<InsightsPageOptions, 'strings' | 'retentionDays'>,
  ) {
    // Every template is filled once now, in each language: a missing string stops the start-up.
    for (const language of ['en', 'fr'] as const) {
      this.signIn(language);
      this.dashboard(language, {});
    }
  }

  signIn(language: Language, error = ''): string {
    return fill(this.templates.signIn, {
      ...stringValues(this.options.strings[language]),
      lang: language,
      otherLanguageHref: href(other(language)),
      signInError: error,
    });
  }

  /** The dashboard for the period asked for, or the default period with a notice when that is not one. */
  dashboard(language: Language, asked: { from?: string; to?: string }): string {
    const { strings, retentionDays } = this.options;
    const s = strings[language];
    const { period, valid } = periodAskedFor(asked, retentionDays);
    // Both days included, as the form shows them.
    const shown = { from: isoDay(period.from.getTime()), to: isoDay(period.to.getTime() - 1) };
    return fill(this.templates.page, {
      ...stringValues(s),
      lang: language,
      otherLanguageHref: href(other(language), shown),
      fromValue: shown.from,
      toValue: shown.to,
      periodHint: s.periodHint.replace('{days}', String(retentionDays)),
      periodNotice: valid ? '' : invalidPeriodNotice(s, language),
      quickPeriods: quickPeriodLinks(s, language, retentionDays),
      csvLinks: csvLinks(s, language, shown),
    });
  }
}

/** The period asked for was not one: the default period is shown instead. */
function invalidPeriodNotice(s: InsightsStrings, language: Language): string {
  return `<gcds-notice notice-role="warning" notice-title-tag="h2" notice-title="${escapeHtml(s.periodTitle)}" lang="${language}"><gcds-text margin-bottom="0">${escapeHtml(s.periodInvalid.replace('{days}', String(defaultDays)))}</gcds-text></gcds-notice>`;
}

/** Links to the last 7, 30 and 90 days (those shorter than the retention), then to the whole retention. */
function quickPeriodLinks(s: InsightsStrings, language: Language, retentionDays: number): string {
  const lastDays = [7, 30, 90].filter((days) => days < retentionDays);
  lastDays.push(retentionDays);
  return lastDays
    .map((days) => {
      const range = lastDaysRange(days);
      return `<li><gcds-link href="${escapeHtml(href(language, range))}">${escapeHtml(s.lastDays.replace('{days}', String(days)))}</gcds-link></li>`;
    })
    .join('');
}

/** A link per table to its CSV file, for the period shown. */
function csvLinks(s: InsightsStrings, language: Language, shown: { from: string; to: string }): string {
  return tableIds
    .map(
      (id) =>
        `<li><a href="${escapeHtml(`/insights/data.csv?${new URLSearchParams({ table: id, lang: language, from: shown.from, to: shown.to })}`)}">${escapeHtml(s.tables[id].title)} (CSV)</a></li>`,
    )
    .join('');
}

/** The dashboard to whoever is authorized; otherwise the sign-in form (401), or 429 after too many attempts. */
function pageRoute(site: InsightsSite): restify.RequestHandler {
  return (req, res, next) => {
    const language = languageOf(req);
    const verdict = authorized(site, req);
    if (verdict === true) html(res, 200, site.pages.dashboard(language, Object.fromEntries(query(req))));
    else refuse(res, verdict, () => html(res, 401, site.pages.signIn(language)));
    next();
  };
}

/**
 * The sign-in form's token, each attempt charged: right, a session cookie and back to the page (303);
 * wrong, the form again saying so (401).
 */
function signInRoute({ options, access, pages }: InsightsSite): restify.RequestHandler {
  return (req, res, next) => {
    const form = formBody(req);
    const language = formLanguage(form);
    const wait = options.limiter?.signInAttempt(req.socket.remoteAddress);
    if (wait !== undefined) {
      refuse(res, wait, () => undefined);
      return next();
    }
    if (!access.isToken(form.get('token') ?? '')) {
      options.logger?.warn('insights: sign-in with a wrong token');
      html(res, 401, pages.signIn(language, options.strings[language].signInFailed));
      return next();
    }
    res.writeHead(303, {
      ...privateHeaders,
      location: href(language),
      'set-cookie': `${sessionCookie}=${access.newSession()}; Max-Age=${sessionSeconds}; ${cookieFlags(options, req)}`,
    });
    res.end();
    return next();
  };
}

/** The session cookie cleared, and back to the page (303), which then shows the sign-in form. */
function signOutRoute({ options }: InsightsSite): restify.RequestHandler {
  return (req, res, next) => {
    res.writeHead(303, {
      ...privateHeaders,
      location: href(formLanguage(formBody(req))),
      'set-cookie': `${sessionCookie}=; Max-Age=0; ${cookieFlags(options, req)}`,
    });
    res.end();
    next();
  };
}

/** The insights of the period asked for, as JSON for the page's script. */
function dataRoute(site: InsightsSite): restify.RequestHandler {
  return (req, res, next) => {
    if (!admitted(site, req, res)) return next();
    const { builder, retentionDays, strings } = site.options;
    const language = languageOf(req);
    const { period, valid } = periodAskedFor(Object.fromEntries(query(req)), retentionDays);
    builder
      .insights(period, language)
      .then((insights) => json(res, 200, { ...insights, validPeriod: valid, strings: strings[language] }))
      .catch((error: unknown) => eventsUnreadable(site, res, error))
      .finally(() => next());
  };
}

/** One table of the period asked for, as a CSV file to download; 400 for a table that does not exist. */
function csvRoute(site: InsightsSite): restify.RequestHandler {
  return (req, res, next) => {
    if (!admitted(site, req, res)) return next();
    const table = query(req).get('table') as TableId | null;
    if (!table || !tableIds.includes(table)) {
      json(res, 400, { error: `field "table": one of ${tableIds.join(', ')}` });
      return next();
    }
    const language = languageOf(req);
    const { period } = periodAskedFor(Object.fromEntries(query(req)), site.options.retentionDays);
    site.options.builder
      .insights(period, language)
      .then((insights) => csvFile(res, table, insights))
      .catch((error: unknown) => eventsUnreadable(site, res, error))
      .finally(() => next());
  };
}

function csvFile(res: restify.Response, table: TableId, insights: Insights): void {
  const csv = tableCsv(insights.tables.find((t) => t.id === table)!);
  res.writeHead(200, {
    ...privateHeaders,
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="insights-${table}-${insights.period.from}-${insights.period.to}.csv"`,
  });
  // A byte order mark, so that spreadsheets read the accents and emoji as UTF-8.
  res.end(`\uFEFF${csv}`);
}

/** The events could not be read (storage unreachable, say): logged, and 503 so the page says to try again. */
function eventsUnreadable({ options }: InsightsSite, res: restify.Response, error: unknown): void {
  options.logger?.error({ error: errorSummary(error) }, 'insights: events unreadable');
  json(res, 503, { error: 'the events cannot be read right now; please try again' });
}

/**
 * Signed in (the cookie), or a bearer token that is right: true. A wrong token is charged as an
 * attempt: false, or the seconds to wait once the client has made too many.
 */
function authorized({ access, options }: InsightsSite, req: restify.Request): boolean | number {
  const bearer = access.bearerIn(req.header('authorization'));
  if (bearer !== undefined)
    return access.isToken(bearer) || (options.limiter?.signInAttempt(req.socket.remoteAddress) ?? false);
  return access.isSession(cookieValue(req.header('cookie'), sessionCookie));
}

/** Whether a data request is authorized; when not, it is answered (401 in JSON, or 429). */
function admitted(site: InsightsSite, req: restify.Request, res: restify.Response): boolean {
  const verdict = authorized(site, req);
  if (verdict === true) return true;
  refuse(res, verdict, () => json(res, 401, { error: 'the insights token is needed' }));
  return false;
}

/** After too many attempts, 429 and the seconds to wait; otherwise the bearer challenge and `body` (401). */
function refuse(res: restify.Response, verdict: false | number, body: () => void): void {
  if (verdict !== false) {
    res.writeHead(429, { ...privateHeaders, 'retry-after': String(verdict), 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'too many attempts; please wait a minute' }));
    return;
  }
  res.header('www-authenticate', 'Bearer realm="insights"');
  body();
}

/** Secure unless reached over plain HTTP on this machine (local use, tests), where browsers would drop it. */
function cookieFlags({ publicUrl }: InsightsPageOptions, req: restify.Request): string {
  const secure = publicUrl.startsWith('https:') || !isLoopback(req.socket.remoteAddress);
  return `Path=/insights; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

function html(res: restify.Response, status: number, body: string): void {
  res.writeHead(status, { ...privateHeaders, 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

function json(res: restify.Response, status: number, body: unknown): void {
  res.writeHead(status, { ...privateHeaders, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The page's language: ?lang=, else the browser's first language when French, else English. */
function languageOf(req: restify.Request): Language {
  const asked = query(req).get('lang');
  if (asked === 'fr' || asked === 'en') return asked;
  return /^\s*fr\b/i.test(req.header('accept-language') ?? '') ? 'fr' : 'en';
}

const query = (req: restify.Request) => new URL(req.url ?? '/', 'http://x').searchParams;

const href = (language: Language, period?: { from: string; to: string }) =>
  `/insights?${new URLSearchParams({ lang: language, ...(period ?? {}) })}`;

const other = (language: Language): Language => (language === 'en' ? 'fr' : 'en');

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The last `days` UTC days, today included, as the period form gives them. */
function lastDaysRange(days: number, now = Date.now()): { from: string; to: string } {
  return { from: isoDay(now - (days - 1) * day), to: isoDay(now) };
}

/** The sign-in and sign-out forms are small: a token and a language. */
const formReader = () => restify.plugins.bodyReader({ maxBodySize: 4096 });

/** A form's fields (application/x-www-form-urlencoded). */
function formBody(req: restify.Request): URLSearchParams {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) return new URLSearchParams(body.toString('utf8'));
  return new URLSearchParams(typeof body === 'string' ? body : '');
}

/** The language a form was sent in (its hidden field): French when it says so, else English. */
const formLanguage = (form: URLSearchParams): Language => (form.get('lang') === 'fr' ? 'fr' : 'en');

/** The strings that are text (not the nested groups), as template values. */
function stringValues(strings: InsightsStrings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(strings).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
