// Neighbouring needs: each referral of data/referrals.json says the facts do not cover it, says what the
// official page covers, links it in the person's language, and never answers the question itself.
import { describe, expect, it } from 'vitest';
import { answerTable } from '../../src/answers/index.js';
import { referral } from '../../src/answers/referrals.js';
import { renderAnswer } from '../../src/replies/render.js';
import { testApp } from '../support/app.js';
import { ask } from '../support/conversation.js';

const { facts } = testApp();
const request = (language: 'en' | 'fr', subjects: { type: 'usCity' | 'officeCity'; id: string }[] = []) => ({
  facts,
  language,
  text: '',
  subjects,
  yesNo: false,
  mentionsOtherCountry: false,
});

describe('the referral data', () => {
  it('gives every referral its intent, its route in the answer table and a page in both languages', () => {
    for (const need of facts.referrals.referrals) {
      expect(answerTable[need.intent], need.intent).toMatchObject({
        kind: 'referral',
        pointedToBy: { need: [need.id] },
      });
      const page = facts.sources.get(need.source)!;
      expect(page.url, need.id).toMatch(/^https:\/\//);
      expect(local(need.covers.fr), need.id).toBeTruthy();
      expect(need.names.fr?.length, need.id).toBeGreaterThan(0);
    }
    const referralRoutes = Object.entries(answerTable).filter(([, route]) => route.kind === 'referral');
    expect(referralRoutes.map(([intent]) => intent).sort()).toEqual(
      facts.referrals.referrals.map((r) => r.intent).sort(),
    );
  });
});

function local(text: string | undefined): string {
  return text ?? '';
}

describe.each(['en', 'fr'] as const)('each referral in %s', (language) => {
  it.each(facts.referrals.referrals.map((r) => [r.id, r] as const))(
    '%s says it is not covered and links the page',
    (id, need) => {
      const reply = renderAnswer(referral(id)(request(language)), facts, language);
      const page = facts.sources.get(need.source)!;
      const url = language === 'fr' ? (page.urlFr ?? page.url) : page.url;
      expect(reply.text).toMatch(
        language === 'fr' ? /^Mes faits ne couvrent pas cette question/ : /^My facts don't cover this/,
      );
      expect(reply.text).toContain(url);
      expect(reply.text).toContain(need.covers[language]!);
      if (need.emergencyContacts) expect(reply.text).toContain('+1 613 996 8885');
      if (need.confidence === 'unverified')
        expect(reply.text).toMatch(language === 'fr' ? /Non vérifié/ : /Unverified/);
    },
  );
});

describe('referrals in a conversation', () => {
  it.each([
    [
      'What documents does a Canadian need to fly to Florida?',
      'en',
      'referral.travel',
      'travel.gc.ca/destinations/united-states',
    ],
    ['How much does a NEXUS card cost?', 'en', 'referral.nexus', 'cbsa-asfc.gc.ca'],
    ['La carte NEXUS, ça coûte combien?', 'fr', 'referral.nexus', 'menu-fra.html'],
    ['Which US products does Canada put counter-tariffs on?', 'en', 'referral.tariffs', 'canadas-response-us-tariffs'],
    ['How do I renew my Canadian passport from California?', 'en', 'referral.passportApply', 'canadian-passports.html'],
    ["J'ai été arrêté en Floride, qui peut m'aider?", 'fr', 'referral.emergency', 'sos@international.gc.ca'],
    ['How do I get a US work visa from Toronto?', 'en', 'referral.usServices', 'ca.usembassy.gov'],
  ] as const)('%s → %s', (text, language, intent, link) => {
    const turn = ask(text, language);
    expect(turn.intent).toBe(intent);
    expect(turn.reply.text).toContain(link);
    expect(turn.reply.text).not.toMatch(/only answer questions about Canada|can't help with that/);
  });

  it('adds the Canadian office that serves the US place the message names, and the emergency contacts', () => {
    const turn = ask('I lost my passport in Chicago, what do I do?');
    expect(turn.intent).toBe('referral.passportLost');
    expect(turn.reply.text).toContain('Consulate General of Canada in Chicago');
    expect(turn.reply.text).toContain('sos@international.gc.ca');
    // Chicago's district is unverified: the answer says so.
    expect(turn.reply.text).toMatch(/Unverified: the list of places the Consulate General of Canada in Chicago serves/);
  });

  it('never answers a referral from the fact base, and can be rated', () => {
    const turn = ask('We winter in Arizona every year, is NEXUS really worth getting?');
    expect(turn.intent).toBe('referral.nexus');
    expect(turn.reply.text).not.toMatch(/9,000 km|400,000|500,000/);
    expect(turn.feedback).toBeDefined();
  });
});
