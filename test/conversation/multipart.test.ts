// A message that asks several questions gets one answer per question (at most three), each with its
// source, in one reply; the conversation's topic becomes the last question's. And focused questions get
// focused answers.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFactBase } from '../../src/facts/loader.js';
import { splitQuestions } from '../../src/nlu/questions.js';
import { rootDir } from '../support/app.js';
import { ask, conversation } from '../support/conversation.js';

const cues = loadFactBase(join(rootDir, 'data')).language;

describe('splitting a message into questions', () => {
  it.each([
    ['How long is the border, and how many people cross it each day?', 'en', 2],
    ['What is NORAD? Also, which consulate covers Ohio?', 'en', 2],
    ['when was norad created, how many people cross the border daily, and what is the G20', 'en', 3],
    ["C'est quoi l'ACEUM et combien de personnes traversent la frontière?", 'fr', 2],
    ["Le Canada a combien de consulats? Et c'est quoi l'OCDE?", 'fr', 2],
    ['Two questions: 1) when was NORAD created 2) what organizations are Canada and the US in?', 'en', 3],
    ["first, what's the CUSMA joint review about; second, who won the war of 1812", 'en', 2],
    ['je veux aller a Montreal. moi je me demande combien de monde traverse la frontiere', 'fr', 2],
    [
      "Trois questions : le Canada a-tu un consulat à Miami, c'est quoi l'APEC, pis combien coûte un passeport?",
      'fr',
      3,
    ],
  ] as const)('%s → %d questions', (text, language, count) => {
    expect(splitQuestions(text, cues[language]!)).toHaveLength(count);
  });

  it.each([
    ['Which consulate serves Ohio and Michigan?', 'en'],
    ['Qui a décidé ça pis en quelle année?', 'fr'],
    ['Est-ce que le Canada a une ambassade chez nos voisins du sud, et où?', 'fr'],
  ] as const)('keeps one question whole: %s', (text, language) => {
    expect(splitQuestions(text, cues[language]!)).toHaveLength(1);
  });
});

describe('answering several questions', () => {
  it.each([
    ['What is the OSCE and are Canada and the US in it?', 'en', 'organizations.detail'],
    [
      "Dans la chicane commerciale, qui est dans son droit d'après toi, Ottawa ou Washington?",
      'fr',
      'relations.opinion',
    ],
  ] as const)('answers a question whose second half only checks the first as one: %s', (text, language, intent) => {
    const turn = ask(text, language);
    expect(turn.intent).toBe(intent);
    expect(turn.resolution?.parts).toBeUndefined();
  });

  it('answers each part with its own source, in order, and moves the topic to the last part', () => {
    const say = conversation('en');
    const turn = say('How long is the border, and how many people cross it each day?');
    expect(turn.resolution?.via).toBe('parts');
    expect(turn.resolution?.parts?.map((p) => p.intent)).toEqual(['border.length', 'border.crossings']);
    const text = turn.reply.text;
    expect(text.indexOf('9,000 km')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('400,000')).toBeGreaterThan(text.indexOf('9,000 km'));
    expect(text.match(/Source: /g)).toHaveLength(2);
    expect(say('and in French?').reply.text).toMatch(/400\s000/);
  });

  it('answers a referral and a topic in one reply, in French', () => {
    const turn = ask(
      'La carte NEXUS, ça coûte combien? Et combien de personnes traversent la frontière chaque jour?',
      'fr',
    );
    expect(turn.resolution?.parts?.map((p) => p.intent)).toEqual(['referral.nexus', 'border.crossings']);
    expect(turn.reply.text).toContain('menu-fra.html');
    expect(turn.reply.text).toMatch(/400\s000/);
  });

  it('adds a line for a question it cannot answer, and strips a list’s markers', () => {
    const turn = ask("1) How long is the Canada-US border in miles? 2) What's the capital of Alaska?");
    expect(turn.resolution?.parts?.map((p) => p.intent)).toEqual(['border.length', 'None']);
    expect(turn.reply.text).toContain("I can't answer that part of your message from my facts.");
  });

  it('answers a need named in the context of a vague question, with the office of the place', () => {
    const turn = ask('I lost my passport in Miami yesterday. What do I do, and which Canadian consulate serves Texas?');
    expect(turn.resolution?.parts?.map((p) => p.intent)).toEqual(['referral.passportLost', 'offices.forPlace']);
    expect(turn.reply.text).toContain('Consulate General of Canada in Miami');
    expect(turn.reply.text).toContain('Dallas');
  });

  it('treats context and a question about one topic as one question', () => {
    const turn = ask(
      'How long is the border between Canada and the US? In km please, my daughter needs it for homework.',
    );
    expect(turn.intent).toBe('border.length');
    expect(turn.resolution?.parts).toBeUndefined();
  });
});

describe('focused answers', () => {
  it('says there is no embassy in Boston, and which office is there', () => {
    const turn = ask('Is there a Canadian embassy in Boston?');
    expect(turn.reply.text).toMatch(
      /^No\. There is no Canadian embassy in Boston: Canada's embassy .* Washington, D\.C\./,
    );
    expect(turn.reply.text).toContain('Consulate General of Canada in Boston');
    expect(turn.reply.text).toContain('Massachusetts');
  });

  it('answers which agreement replaced NAFTA with CUSMA, not the list', () => {
    const turn = ask('Which agreement replaced NAFTA?');
    expect(turn.intent).toBe('agreements.detail');
    expect(turn.reply.text).toMatch(/^\*\*CUSMA\*\*/);
    expect(turn.reply.text).not.toContain('GATT');
  });
});
