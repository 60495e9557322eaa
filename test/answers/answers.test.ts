// Every answer comes from data/, cites its source, and says yes or no first where asked.
import { describe, expect, it } from 'vitest';
import { answerTable } from '../../src/answers/index.js';
import { loadIntents } from '../../src/nlu/corpus.js';
import { join } from 'node:path';
import { rootDir, testApp } from '../support/app.js';
import { ask } from '../support/conversation.js';

const gacSource =
  'Source: [Global Affairs Canada — Canada-United States relations](https://www.international.gc.ca/country-pays/us-eu/relations.aspx?lang=eng)';
const consulateCities = [
  'Atlanta',
  'Boston',
  'Chicago',
  'Dallas',
  'Denver',
  'Detroit',
  'Los Angeles',
  'Miami',
  'Minneapolis',
  'New York',
  'San Francisco',
  'Seattle',
];

describe('routing table', () => {
  it('maps every intent in intents/ to an answer, and every answer to an intent', () => {
    const intents = loadIntents(join(rootDir, 'intents'))
      .map((i) => i.intent)
      .sort();
    expect(Object.keys(answerTable).sort()).toEqual(intents);
  });

  it('gives every answer a text and 2–4 suggested next questions', () => {
    const { facts } = testApp();
    for (const [intent, route] of Object.entries(answerTable)) {
      const answer = route.answer({
        facts,
        language: 'en',
        text: '',
        subjects: [],
        yesNo: false,
        mentionsOtherCountry: false,
      });
      expect(answer.text.length, intent).toBeGreaterThan(10);
      expect(answer.suggestions.length, intent).toBeGreaterThanOrEqual(2);
      expect(answer.suggestions.length, intent).toBeLessThanOrEqual(4);
    }
  });
});

describe('answers', () => {
  it('gives the border length alone, with its source', () => {
    const { reply } = ask('how long is the land border between canada and the usa');
    expect(reply.text).toMatch(
      /^Canada and the United States share a land border close to 9,000 km \(more than 5,500 miles\) long/,
    );
    expect(reply.text).toContain('8,891 km');
    expect(reply.text).toContain(gacSource);
    expect(reply.text).not.toMatch(/400,000|500,000|1957/);
  });

  it('gives the daily crossings', () => {
    expect(ask('how many people go across the border daily').reply.text).toMatch(/^Close to 400,000 people cross/);
  });

  it('lists every consulate general and the embassy', () => {
    const { reply } = ask('list all of Canada’s consulates in the US');
    for (const city of consulateCities) expect(reply.text).toContain(city);
    expect(reply.text).toContain('Washington, D.C.');
  });

  it('says no, and names the serving office, for a city without a consulate', () => {
    const { reply } = ask('Is there a Canadian consulate in Houston?');
    expect(reply.text).toMatch(
      /^No, there is no Canadian consulate in Houston; Texas is served by the Consulate General of Canada in Dallas/,
    );
  });

  it('says yes for a city with a consulate, and names only that office', () => {
    const { reply } = ask('does Denver have a Canadian consulate?');
    expect(reply.text).toMatch(/^Yes\. Canada has an office in Denver/);
    for (const city of consulateCities.filter((c) => c !== 'Denver')) expect(reply.text).not.toContain(city);
  });

  it('asks to confirm unverified districts on travel.gc.ca', () => {
    const { reply } = ask('which consulate covers Wisconsin');
    expect(reply.text).toContain('Chicago');
    expect(reply.text).toMatch(/Unverified: .*Please confirm on travel\.gc\.ca: https:\/\/travel\.gc\.ca/);
  });

  it('does not add a caution to verified districts', () => {
    expect(ask('which consulate covers Ohio').reply.text).not.toContain('Unverified');
  });

  it('names both offices for California', () => {
    const { reply } = ask('which consulate serves California');
    expect(reply.text).toContain('Southern California is served by the Consulate General of Canada in Los Angeles');
    expect(reply.text).toContain('Northern California is served by the Consulate General of Canada in San Francisco');
  });

  it('asks which one for an ambiguous city, with a suggested action per state', () => {
    const { reply } = ask('which consulate do I use if I live in Springfield');
    expect(reply.text).toMatch(/more than one Springfield/);
    expect(reply.suggestions).toEqual(expect.arrayContaining(['Springfield, Illinois', 'Springfield, Massachusetts']));
  });

  it('asks for a place it knows when it finds none, and points to the full list for one it does not know', () => {
    const { reply } = ask('Which Canadian office covers Guam?');
    expect(reply.text).toMatch(/^Which US state or city are you asking about\?/);
    expect(reply.text).toContain('https://travel.gc.ca/assistance/embassies-consulates/united-states');
    expect(reply.text).toMatch(/Source: \[Travel\.gc\.ca/);
    expect(ask("Y'a-tu un bureau canadien qui s'occupe de Guam ?", 'fr').reply.text).toContain(
      'voyage.gc.ca donne chaque bureau',
    );
  });

  it('answers one office for "Atlanta, Georgia"', () => {
    const { reply } = ask('I live in Atlanta, Georgia, where is the nearest consulate?');
    expect(reply.text.match(/Consulate General of Canada in Atlanta/g)).toHaveLength(1);
  });

  it('names the US embassy and consulates in Canada, marked unverified', () => {
    const { reply } = ask('Does the US have an embassy in Canada?');
    expect(reply.text).toMatch(/^Yes\. The United States maintains an embassy in Ottawa/);
    expect(reply.text).toContain('Unverified');
  });

  it('treats a Canadian city with a US consulate as Canadian, not as its US namesake', () => {
    const turn = ask('Is there a US consulate in Vancouver?');
    expect(turn.intent).toBe('offices.usInCanada');
    expect(turn.reply.text).toContain('Vancouver');
  });

  it('says where the embassy is, with no when another city is asked about, and which office that city has', () => {
    expect(ask('Is the Canadian embassy in Washington?').reply.text).toMatch(
      /^Yes\. Canada's embassy in the United States is in Washington, D\.C\./,
    );
    const newYork = ask("Is Canada's embassy in New York?").reply.text;
    expect(newYork).toMatch(
      /^No\. There is no Canadian embassy in New York: Canada's embassy in the United States is in Washington, D\.C\./,
    );
    expect(newYork).toContain('Consulate General of Canada in New York');
  });

  it('does not say yes to a yes/no question the fact does not answer', () => {
    expect(ask("Is the US Canada's biggest trading partner?").reply.text).not.toMatch(/^Yes/);
    expect(ask('Does the US have a consulate in Edmonton?').reply.text).not.toMatch(/^Yes/);
  });

  it('answers yes to a yes/no fact question, but not when another country is named', () => {
    expect(ask('Is Canada the biggest customer of the United States?').reply.text).toMatch(
      /^Yes\. Canada is the United States’ largest customer/,
    );
    expect(ask('Is Japan the biggest customer of the United States?').reply.text).toMatch(
      /^Canada is the United States’ largest customer/,
    );
  });

  it('lists all the agreements of the source page', () => {
    const { reply } = ask('which trade agreements involve canada and the us');
    for (const acronym of ['TRIPS', 'TRIMS', 'CUSFTA', 'CUSMA', 'GATT', 'GATS', 'TISA', 'GPA', 'TFA', 'EGA', 'ITA'])
      expect(reply.text).toContain(`(${acronym})`);
  });

  it('explains one agreement without mixing in another', () => {
    const { reply } = ask('What does TRIMS mean?');
    expect(reply.text).toContain('Agreement on Trade-Related Investment Measures');
    expect(reply.text).not.toContain('Intellectual Property');
    expect(reply.text).toContain('Unverified');
  });

  it('gives the status of an agreement that was not concluded', () => {
    expect(ask('is the environmental goods agreement in force?').reply.text).toMatch(/has not been concluded/);
  });

  it('lists all the organizations', () => {
    const { reply } = ask('what international organizations are canada and the us part of');
    for (const name of [
      'Arctic Council',
      'APEC',
      'G20',
      'G7',
      'NATO',
      'OAS',
      'OECD',
      'OSCE',
      'Pacific Alliance',
      'UN',
      'UNESCO',
      'WTO',
    ])
      expect(reply.text).toContain(name);
  });

  it('explains one organization, and does not say yes where they are only observers', () => {
    expect(ask('What is the OECD?').reply.text).toContain('Organisation for Economic Co-operation and Development');
    expect(ask('Is Canada a member of the Pacific Alliance?').reply.text).not.toMatch(/^Yes/);
    expect(ask('Is Canada a member of NATO?').reply.text).toMatch(/^Yes\./);
  });

  it('answers one environment area with yes, then lists them all', () => {
    const { reply } = ask('Do Canada and the US cooperate on parks?');
    expect(reply.text).toMatch(/^Yes\. Parks is one of the shared environmental challenges/);
    for (const area of [
      'climate change',
      'water quality',
      'air quality',
      'fisheries stock management',
      'wildlife protection',
      'energy requirements',
    ])
      expect(reply.text).toContain(area);
  });

  it.each([
    ['What do Canada and the US do together on security?', /address threats early/],
    ['Since when have the two countries been in NORAD together?', /1957/],
    ["Who is Canada's closest defence partner?", /most important ally and defence partner/],
    ['How much business do Canada and the US do with each other?', /largest trading relationship in the world/],
    ['Is Canada the main trading partner for most American states?', /top trading partner in most U\.S\. states/],
    ['How many Americans have jobs at Canadian firms?', /500,000 Americans/],
    ['Why is trade between the two countries good?', /compete globally/],
    ['Describe the Canada US relationship', /unique relationship/],
    ['Where is the Canadian embassy in America?', /Washington, D\.C\./],
  ])('answers %j from the fact base', (question, expected) => {
    expect(ask(question).reply.text).toMatch(expected);
  });
});
