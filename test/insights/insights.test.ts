// The insights page over HTTP: off (404) without INSIGHTS_TOKEN; with it, the page and its data answer
// 401 (the sign-in form, in the person's language) without the token, and to a bearer token or the
// session cookie the form gives; attempts at the token are rate limited; the data and CSV files hold
// the period's numbers in the language asked for; the page is private (no-store, never framed).
import { describe, expect, it } from 'vitest';
import type { Insights } from '../../src/insights/insights.js';
import { sessionCookie } from '../../src/server/insightsAccess.js';
import { testApp } from '../support/app.js';
import { seedInsights } from '../support/insightsSeed.js';
import { listenDuringTests } from '../support/server.js';

const token = 'insights-token-for-tests-0123456789';
const off = listenDuringTests(testApp({ INSIGHTS_TOKEN: '' }).server);
const app = testApp({ INSIGHTS_TOKEN: token });
const seeded = seedInsights(app);
const on = listenDuringTests(app.server);
const bearer = { authorization: `Bearer ${token}` };

async function get(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

function signIn(base: string, form: Record<string, string>) {
  return fetch(`${base}/insights/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

const routes = [
  '/insights',
  '/insights?lang=fr',
  '/insights/data',
  '/insights/data.csv?table=declined',
  '/insights/insights.js',
  '/insights/chart.umd.min.js',
];

describe('the insights page, off', () => {
  it('does not exist without INSIGHTS_TOKEN: 404 for the page, its data and its files, whatever the token', async () => {
    for (const path of routes) {
      expect((await get(off(), path)).status, path).toBe(404);
      expect((await get(off(), path, bearer)).status, path).toBe(404);
    }
    const res = await signIn(off(), { token });
    expect(res.status).toBe(404);
  });
});

describe('the insights page, on', { timeout: 30_000 }, () => {
  it('answers 401 without the token: the sign-in form for the page, an error for the data', async () => {
    const page = await get(on(), '/insights');
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toBe('Bearer realm="insights"');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<html lang="en">/);
    expect(page.body).toContain('Sign in to see the insights');
    expect(page.body).toMatch(/<form method="post" action="\/insights\/sign-in">/);
    expect(page.body).not.toContain('Which provinces border Montana');
    const french = await get(on(), '/insights', { 'accept-language': 'fr-CA,fr;q=0.9' });
    expect(french.status).toBe(401);
    expect(french.body).toMatch(/<html lang="fr">/);
    expect(french.body).toContain('Connectez-vous pour voir les statistiques');
    for (const path of ['/insights/data', '/insights/data.csv?table=topics']) {
      const data = await get(on(), path);
      expect(data.status, path).toBe(401);
      expect(JSON.parse(data.body)).toEqual({ error: 'the insights token is needed' });
    }
    for (const wrong of [`Bearer ${token}x`, 'Bearer x', `Basic ${token}`, token]) {
      const data = await get(on(), '/insights/data', { authorization: wrong });
      expect(data.status, wrong).toBe(401);
    }
    const forged = await get(on(), '/insights/data', { cookie: `${sessionCookie}=99999999999.${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);
  });

  it('answers the bearer token: the page, and the period’s numbers in the language asked for', async () => {
    const page = await get(on(), '/insights?lang=fr', bearer);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<html lang="fr">/);
    expect(page.body).toContain('Statistiques de l’assistant sur les relations Canada–États-Unis');
    expect(page.body).toContain('<script src="/insights/chart.umd.min.js"></script>');
    const res = await get(on(), '/insights/data?lang=en', bearer);
    expect(res.status).toBe(200);
    const data = JSON.parse(res.body) as Insights & { strings: { title: string } };
    const lastWeek = seeded.filter((e) => Date.parse(e.time) >= Date.parse(`${data.period.from}T00:00:00Z`));
    expect(data.totals.messages).toBe(lastWeek.length);
    expect(data.totals.conversations).toBe(new Set(lastWeek.map((e) => e.conversation)).size);
    expect(data.tables.map((t) => t.id)).toEqual([
      'messages-by-language',
      'conversations-by-channel',
      'outcomes',
      'topics',
      'declined',
      'ratings',
    ]);
    const declined = data.tables.find((t) => t.id === 'declined')!;
    const asked = declined.rows.flatMap((row) => row[1] as string[]);
    expect(asked).toContain('Which provinces border Montana?');
    expect(asked.join(' ')).toContain('Hi, my name is [name], call me at [phone_number]');
    expect(asked.join(' ')).not.toMatch(/Tremblay|613-555/);
    expect(data.strings.title).toBe('Insights – Canada–US Relations assistant');
    const french = JSON.parse((await get(on(), '/insights/data?lang=fr', bearer)).body) as Insights;
    expect(french.tables[2]!.columns.map((c) => c.label)).toEqual(['Issue', 'Questions', 'Part (%)']);
  });

  it('gives each table as CSV, the same rows, in the language asked for', async () => {
    const data = JSON.parse((await get(on(), '/insights/data?lang=fr', bearer)).body) as Insights;
    const res = await get(on(), '/insights/data.csv?table=topics&lang=fr', bearer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="insights-topics-${data.period.from}-${data.period.to}.csv"`,
    );
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Sujet,Intention,Questions,Part (%)');
    expect(lines).toHaveLength(data.tables.find((t) => t.id === 'topics')!.rows.length + 1);
    expect((await get(on(), '/insights/data.csv?table=nope', bearer)).status).toBe(400);
  });

  it('signs in with the form: a session cookie that opens the page and its data, until signed out', async () => {
    const wrong = await signIn(on(), { token: 'not the token', lang: 'fr' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Ce jeton n’est pas le bon.');
    const right = await signIn(on(), { token, lang: 'fr' });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/insights?lang=fr');
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      new RegExp(`^${sessionCookie}=\\d+\\.[\\w-]{43}; Max-Age=28800; Path=/insights; HttpOnly; SameSite=Strict`),
    );
    expect(cookie).not.toContain(token);
    const session = cookie.split(';')[0]!;
    expect((await get(on(), '/insights?lang=fr', { cookie: session })).status).toBe(200);
    expect((await get(on(), '/insights/data', { cookie: session })).status).toBe(200);
    const out = await fetch(`${on()}/insights/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
      body: 'lang=fr',
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${sessionCookie}=; Max-Age=0;`));
  });

  it('is private: never cached, framed or indexed, scripts and data from this origin only', async () => {
    for (const path of ['/insights', '/insights/data']) {
      const res = await get(on(), path, bearer);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('x-robots-tag'), path).toBe('noindex, nofollow');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });
});

describe('attempts at the token', () => {
  const limitedApp = testApp({ INSIGHTS_TOKEN: token });
  const limited = listenDuringTests(limitedApp.server);

  it('are rate limited per client: after a burst of five, 429 with Retry-After, even with the right token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(limited(), { token: `guess ${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await signIn(limited(), { token });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    const guess = await get(limited(), '/insights/data', { authorization: 'Bearer guess' });
    expect(guess.status).toBe(429);
  }, 30_000);
});
