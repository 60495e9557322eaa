// Which Canadian office serves a place: every state, postal codes, cities, ZIP codes, follow-ups.
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.js';
import { ask, conversation } from '../support/conversation.js';

const { facts } = testApp();
const officeName = (id: string) => facts.offices.canadianOffices.find((o) => o.id === id)!.name.en;

/** The office(s) the fact base says serve a state: the expected answer, straight from data/. */
function servingNames(code: string): string[] {
  return facts.offices.canadianOffices.filter((o) => o.serves.includes(code)).map((o) => o.name.en);
}

describe('every state, DC and territory', () => {
  it('maps to exactly one office, or to named parts each with one office (California)', () => {
    for (const state of facts.states.states) {
      const serving = facts.offices.canadianOffices.filter((o) => o.serves.includes(state.code));
      if (serving.length === 1) continue;
      expect(serving.length, state.code).toBe(2);
      for (const office of serving)
        expect(office.servesPart?.[state.code], `${state.code} part for ${office.id}`).toBeDefined();
    }
  });

  it.each(facts.states.states.map((s) => [s.name.en, s.code] as const))(
    'answers "which consulate serves %s" with its office',
    (name, code) => {
      const turn = ask(`which canadian consulate serves ${name}?`);
      expect(turn.intent).toBe('offices.forPlace');
      for (const office of servingNames(code)) expect(turn.reply.text).toContain(office);
    },
  );
});

describe('postal codes and abbreviations', () => {
  it.each([
    ['consulate for NC', 'atlanta'],
    ['which office covers TX', 'dallas'],
    ['consulate for nj', 'new-york'],
    ['Which consulate serves OR?', 'seattle'],
    ['office for PA residents', 'new-york'],
    ['which consulate is for N.C.', 'atlanta'],
    ['consulate for Calif', 'los-angeles'],
    ['which consulate serves Wash state', 'seattle'],
    ['which consulate covers Misisippi', 'atlanta'],
    ['consulate for Conneticut', 'new-york'],
  ])('%j → %s', (question, office) => {
    expect(ask(question).reply.text).toContain(officeName(office));
  });
});

describe('cities', () => {
  it.each([
    ['Atlanta', 'atlanta'],
    ['Boston', 'boston'],
    ['Chicago', 'chicago'],
    ['Dallas', 'dallas'],
    ['Denver', 'denver'],
    ['Detroit', 'detroit'],
    ['Los Angeles', 'los-angeles'],
    ['Miami', 'miami'],
    ['Minneapolis', 'minneapolis'],
    ['New York', 'new-york'],
    ['San Francisco', 'san-francisco'],
    ['Seattle', 'seattle'],
  ])('says yes for %s, which has an office', (city, office) => {
    const { reply } = ask(`Is there a Canadian consulate in ${city}?`);
    expect(reply.text).toMatch(/^Yes\./);
    expect(reply.text).toContain(officeName(office));
  });

  it.each([
    ['Houston', 'Texas', 'dallas'],
    ['Cleveland', 'Ohio', 'detroit'],
    ['Phoenix', 'Arizona', 'los-angeles'],
    ['Philadelphia', 'Pennsylvania', 'new-york'],
    ['Orlando', 'Florida', 'miami'],
    ['Las Vegas', 'Nevada', 'los-angeles'],
    ['Nashville', 'Tennessee', 'atlanta'],
    ['Milwaukee', 'Wisconsin', 'chicago'],
    ['Salt Lake City', 'Utah', 'denver'],
    ['Omaha', 'Nebraska', 'minneapolis'],
    ['Baltimore', 'Maryland', 'washington'],
    ['Anchorage', 'Alaska', 'seattle'],
  ])('says no for %s and names the office serving %s', (city, state, office) => {
    const { reply } = ask(`Is there a Canadian consulate in ${city}?`);
    expect(reply.text).toMatch(
      new RegExp(`^No, there is no Canadian consulate in ${city}; ${state} is served by the ${officeName(office)}`),
    );
  });

  it('names the nearer office for a California city, and says why', () => {
    const { reply } = ask('which consulate serves San Diego');
    expect(reply.text).toMatch(/the nearer of the two offices is the Consulate General of Canada in Los Angeles/);
    expect(ask('which consulate serves Sacramento').reply.text).toMatch(
      /the nearer of the two offices is the Consulate General of Canada in San Francisco/,
    );
  });

  it.each(['Portland', 'Springfield', 'Columbus'])('asks which %s, with one suggested action per state', (city) => {
    const { reply } = ask(`consulate for ${city}`);
    expect(reply.text).toMatch(new RegExp(`more than one ${city}`));
    expect(reply.suggestions.length).toBeGreaterThanOrEqual(2);
    for (const s of reply.suggestions) expect(s).toMatch(new RegExp(`^${city}, `));
  });

  it('answers the suggested action that settles an ambiguous city', () => {
    const say = conversation();
    say('I live in Portland');
    expect(say('Portland, Maine').reply.text).toContain('Maine is served by the Consulate General of Canada in Boston');
  });
});

describe('ZIP codes', () => {
  it.each([
    ['97201', 'Oregon', 'seattle'],
    ['60601', 'Illinois', 'chicago'],
    ['10001', 'New York', 'new-york'],
    ['33101', 'Florida', 'miami'],
    ['00901', 'Puerto Rico', 'miami'],
  ])('places %s in %s', (zip, state, office) => {
    const { reply } = ask(`my zip code is ${zip}, which consulate serves me?`);
    expect(reply.text).toContain(`ZIP code ${zip} is in ${state}.`);
    expect(reply.text).toContain(officeName(office));
  });

  it('names the nearest office by distance where no office is listed (Guam), and says so', () => {
    const { reply } = ask('which consulate serves 96910');
    expect(reply.text).toMatch(
      /I don't have a Canadian office listed for 96910\. The nearest by distance is the Consulate General of Canada in \w+/,
    );
    expect(reply.text).toMatch(/confirm .* travel\.gc\.ca/);
  });

  it('ignores five-digit numbers that are not ZIP codes', () => {
    expect(
      testApp()
        .recognizers.en.recognize('what is 00000 plus 1')
        .entities.filter((e) => e.type === 'zipCode'),
    ).toEqual([]);
  });
});

describe('unverified districts and follow-ups', () => {
  it.each(['Illinois', 'Colorado', 'Hawaii', 'Maryland'])(
    'asks to confirm the unverified district serving %s',
    (state) => {
      expect(ask(`which consulate covers ${state}`).reply.text).toMatch(
        /Unverified: .*Please confirm on travel\.gc\.ca/,
      );
    },
  );

  it('follows up with a state, a city and a ZIP code', () => {
    const say = conversation();
    say('which consulate covers Ohio');
    expect(say('and Georgia?').reply.text).toContain(officeName('atlanta'));
    expect(say('what about Tampa?').reply.text).toContain(officeName('miami'));
    expect(say('and 98101?').reply.text).toContain(officeName('seattle'));
  });
});

describe('places beyond the states', () => {
  it('names the office that also serves Bermuda', () => {
    expect(ask('Which office is responsible for Bermuda?').reply.text).toContain(
      'Bermuda is served by the Consulate General of Canada in New York',
    );
  });
});

describe('US offices in Canada', () => {
  it('lists the US embassy in Ottawa and the consulates general', () => {
    const { reply } = ask('where are the american consulates in canada');
    for (const city of ['Ottawa', 'Calgary', 'Halifax', 'Montréal', 'Québec City', 'Toronto', 'Vancouver', 'Winnipeg'])
      expect(reply.text).toContain(city);
  });
});
