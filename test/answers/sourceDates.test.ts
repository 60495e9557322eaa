// What an answer's date says: when its content was published where the source gives a date, else when
// the page was retrieved; facts from the stored copy of the relations page say they are a stored copy.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFactBase } from '../../src/facts/loader.js';
import { renderAnswer } from '../../src/replies/render.js';
import { rootDir } from '../support/app.js';

const facts = loadFactBase(join(rootDir, 'data'));
const sourceLine = (id: string, asOf: string, language: 'en' | 'fr') =>
  renderAnswer(
    { text: 'An answer.', sources: [{ id, asOf }], cautions: [], suggestions: [], subjects: [] },
    facts,
    language,
  ).text;

describe('the date beside each source', () => {
  it('says "published on" a day, and "published in" a month or a year, when the source is dated', () => {
    expect(sourceLine('wamc-boston-2018', '2018-08-22', 'en')).toContain('(published on August 22, 2018)');
    expect(sourceLine('pacific-council-2018', '2018-12', 'en')).toContain('(published in December 2018)');
    expect(sourceLine('openparliament-oggo-137', '2024', 'en')).toContain('(published in 2024)');
    expect(sourceLine('wamc-boston-2018', '2018-08-22', 'fr')).toContain('(publié le 22 août 2018)');
    expect(sourceLine('pacific-council-2018', '2018-12', 'fr')).toContain('(publié en décembre 2018)');
  });

  it('says "retrieved on" when the page gives no date', () => {
    expect(sourceLine('travel-offices', '2026-11-25', 'en')).toContain('(retrieved on November 25, 2026)');
    expect(sourceLine('travel-offices', '2026-11-25', 'fr')).toContain('(consulté le 25 novembre 2026)');
  });

  it('says the relations page is a stored copy and links the live page', () => {
    const en = sourceLine('gac-relations', '2026-11-25', 'en');
    expect(en).toContain('](https://www.international.gc.ca/country-pays/us-eu/relations.aspx?lang=eng)');
    expect(en).toContain('(a copy stored here, retrieved on November 25, 2026; the live page may have changed since)');
    const fr = sourceLine('gac-relations', '2026-11-25', 'fr');
    expect(fr).toContain('](https://www.international.gc.ca/country-pays/us-eu/relations.aspx?lang=fra)');
    expect(fr).toContain(
      '(copie conservée ici, consultée le 25 novembre 2026; la page en ligne peut avoir changé depuis)',
    );
  });

  it('never says "as of"', () => {
    for (const source of facts.sources.values()) {
      for (const language of ['en', 'fr'] as const)
        expect(sourceLine(source.id, '2026-11-25', language)).not.toMatch(/as of|en date du/i);
    }
  });
});
