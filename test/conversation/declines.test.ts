// The honest ways of not answering, in both languages: a Canada–US question the facts do not cover, a
// neighbouring need (test/answers/referrals.test.ts), an off-topic question, and a request for an opinion.
import { describe, expect, it } from 'vitest';
import { ask } from '../support/conversation.js';

describe('a Canada–US question the facts do not cover', () => {
  it.each([
    ['Which provinces border Montana?', 'en', /^I don't have that in my facts\./],
    [
      'Close to this many Canadians live in the United States: a) 100,000 b) 500,000 c) 3 million',
      'en',
      /^I don't have that in my facts\./,
    ],
    [
      'Quel est le poste frontalier le plus achalandé entre le Canada et les États-Unis?',
      'fr',
      /^Je n'ai pas cette information dans mes faits\./,
    ],
  ] as const)('%s is told the facts do not cover it, with the relations page', (text, language, start) => {
    const turn = ask(text, language);
    expect(turn.intent).toBe('None');
    expect(turn.resolution?.declined).toBe('notInFacts');
    expect(turn.reply.text).toMatch(start);
    expect(turn.reply.text).toContain('international.gc.ca/country-pays/us-eu/relations.aspx');
    expect(turn.reply.text).not.toMatch(/400,000|400 000|500,000|500 000|9,000 km/);
    expect(turn.reply.suggestions.length).toBeGreaterThanOrEqual(2);
  });

  it('does not say a member of NATO is another country’s business: no membership claimed for Mexico', () => {
    const turn = ask('Is Mexico part of NATO?');
    expect(turn.intent).toBe('None');
    expect(turn.reply.text).not.toMatch(/founding member|Mexico is/);
  });
});

describe('an off-topic question', () => {
  it.each([
    ['What is the best pizza in Rome?', 'en', /^Sorry, I can't help with that\./],
    ['Donne-moi une recette de tarte au sucre', 'fr', /^Désolé, je ne peux pas vous aider avec cela\./],
  ] as const)(
    '%s is declined, without a word about Canada–US relations being out of scope',
    (text, language, start) => {
      const turn = ask(text, language);
      expect(turn.resolution?.declined).toBe('offTopic');
      expect(turn.reply.text).toMatch(start);
      expect(turn.reply.text).not.toMatch(/outside what I know|only answer questions about Canada/);
    },
  );
});

describe('a request for an opinion', () => {
  it.each([
    ['Should Canada become the 51st state?', 'en', /^I don't give opinions on political questions\./],
    ['Selon toi, le Canada devrait-il boycotter les produits américains?', 'fr', /^Je ne donne pas d'opinion/],
  ] as const)(
    '%s gets a neutral reply with the relations page, never a fact picked at random',
    (text, language, start) => {
      const turn = ask(text, language);
      expect(turn.intent).toBe('relations.opinion');
      expect(turn.reply.text).toMatch(start);
      expect(turn.reply.text).toContain('relations.aspx');
      expect(turn.reply.text).not.toMatch(/400,000|400 000|500,000|9,000 km|9 000 km|1957/);
    },
  );
});
