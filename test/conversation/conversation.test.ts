// Turns and follow-ups, in the user's terms: what they type, what they get back.
import { describe, expect, it } from 'vitest';
import { answerTable } from '../../src/answers/index.js';
import { resolveTurn } from '../../src/conversation/resolve.js';
import { testApp } from '../support/app.js';
import { ask, conversation } from '../support/conversation.js';

describe('conversation', () => {
  it('keeps the intent when a follow-up names another place', () => {
    const say = conversation();
    expect(say('Is there a consulate in Seattle?').reply.text).toContain('Seattle');
    const next = say('what about Miami?');
    expect(next.intent).toBe('offices.forPlace');
    expect(next.reply.text).toContain('Consulate General of Canada in Miami');
    expect(say('and Georgia?').reply.text).toContain('Georgia is served by the Consulate General of Canada in Atlanta');
  });

  it('answers a bare agreement name after an agreement question', () => {
    const say = conversation();
    say('what is cusma');
    const next = say('and TRIPS?');
    expect(next.intent).toBe('agreements.detail');
    expect(next.reply.text).toContain('Intellectual Property');
  });

  it('answers "when was it created?" about the organization just discussed', () => {
    const say = conversation();
    say('Tell me about NATO');
    const next = say('when was it created?');
    expect(next.intent).toBe('organizations.detail');
    expect(next.reply.text).toContain('1949');
  });

  it('answers "when was it created?" about NORAD after NORAD', () => {
    const say = conversation();
    say('what is norad');
    const next = say('when was it created?');
    expect(next.intent).toBe('defence.norad');
    expect(next.reply.text).toContain('1957');
  });

  it('keeps NORAD for "and the agreement…?", a question that names no agreement, in French', () => {
    const say = conversation('fr');
    say("Le NORAD, c'est quoi exactement ?");
    const next = say("et l'accord a été officialisé quand ?");
    expect(next.intent).toBe('defence.norad');
    expect(next.reply.text).toContain('1958');
  });

  it("takes the elided French pronoun of 'on l’appelle comment ?' for the subject just discussed", () => {
    const say = conversation('fr');
    say("L'ACEUM, ça remplace quoi ?");
    const next = say("et aux États-Unis, on l'appelle comment ?");
    expect(next.intent).toBe('agreements.detail');
    expect(next.reply.text).toContain('USMCA');
  });

  it('answers "how many people cross it?" after the border length', () => {
    const say = conversation();
    say('how long is the border');
    expect(say('how many people cross it?').reply.text).toContain('400,000');
  });

  it('continues the topic with a short "and …?", but not into an off-topic one', () => {
    const say = conversation();
    say('how long is the border');
    expect(say('and in miles?').reply.text).toContain('5,500 miles');
    expect(say('and the weather?').intent).toBe('None');
  });

  it('switches topic with a bare name of another kind', () => {
    const say = conversation();
    say('which consulate covers ohio');
    expect(say('oecd').intent).toBe('organizations.detail');
  });

  it('does not turn an off-topic question about a city into a consulate answer', () => {
    const say = conversation();
    say('Is there a consulate in Seattle?');
    expect(say("what's the weather in Boston?").intent).toBe('None');
  });

  it('declines questions about Canada and another country, but not when the US is named too', () => {
    expect(ask('How are relations between Canada and China?').intent).toBe('None');
    expect(ask('Quelles sont les relations entre le Canada et le Mexique?', 'fr').intent).toBe('None');
    expect(ask('How do relations between Canada and the United States compare with Mexico?').intent).toBe(
      'relations.overview',
    );
  });

  it('takes a question about offices located in Canada for the US offices, whoever the classifier thinks owns them', () => {
    expect(ask('In which Canadian cities does Washington run consulates general?').intent).toBe('offices.usInCanada');
    expect(ask('where is the embassy in Ottawa?').intent).toBe('offices.usInCanada');
    // Settled by the wording: no "did you mean…?" between the US offices and Canada's.
    expect(ask('Are there American consulates in Canada, and where?').resolution?.via).toBe('cue');
    expect(ask('Les Américains ont des consulats dans quelles villes canadiennes ?', 'fr').intent).toBe(
      'offices.usInCanada',
    );
    // Where the person lives is not where the offices are.
    expect(ask('I live in Canada, where is the Canadian embassy in the US?').intent).toBe('offices.embassy');
    expect(ask("J'habite au Canada, où est l'ambassade canadienne aux États-Unis?", 'fr').intent).toBe(
      'offices.embassy',
    );
  });

  it('declines a border question about another country that does not name Canada', () => {
    // The classifier reads these as border questions (0.9 and more); the other country decides.
    expect(ask('length of the US border with Mexico in miles').intent).toBe('None');
    expect(ask('how many people cross the Mexican border with the US every day?').intent).toBe('None');
    expect(ask('how long is the Canada-US border compared with the Mexican border').intent).toBe('border.length');
  });

  it("answers membership of Canada or the US in an organization, and declines another country's", () => {
    expect(ask('does Canada belong to NATO?').intent).toBe('organizations.detail');
    expect(ask('does Mexico belong to NATO?').intent).toBe('None');
    expect(ask('Le Mexique fait-il partie de l’OTAN?', 'fr').intent).toBe('None');
  });

  it('declines without guessing and offers topics', () => {
    const turn = ask('Who won the Stanley Cup last year?');
    expect(turn.intent).toBe('None');
    expect(turn.reply.text).toMatch(
      /^Sorry, I can't help with that\. I answer questions about Canada–United States relations/,
    );
    expect(turn.reply.suggestions.length).toBeGreaterThanOrEqual(2);
  });

  it('answers empty or emoji-only messages with help', () => {
    for (const text of ['', '   ', '🙂👍', '???']) expect(ask(text).reply.text).toMatch(/I can answer questions/);
  });

  it('answers a very long message politely without classifying it', () => {
    const turn = ask('border '.repeat(1000));
    expect(turn.recognition).toBeUndefined();
    expect(turn.reply.text).toMatch(/too long/);
  });

  it('remembers nothing from small talk', () => {
    const say = conversation();
    say('what is GATT');
    say('thanks!');
    expect(say('and GATS?').reply.text).toContain('Trade in Services');
  });
});

describe('context and names', () => {
  it('"and the consulates?" after the US offices in Canada means the US consulates', () => {
    const say = conversation();
    say('where is the American embassy in Canada?');
    const next = say('and the consulates?');
    expect(next.intent).toBe('offices.usInCanada');
    expect(next.reply.text).toContain('Winnipeg');
    const french = conversation('fr');
    french("Où est l'ambassade des États-Unis au Canada?");
    expect(french('et les consulats ?').intent).toBe('offices.usInCanada');
  });

  it('"and in French?" repeats the last answer in French', () => {
    const say = conversation();
    say('how long is the border?');
    const again = say('and in French?');
    expect(again.language).toBe('fr');
    expect(again.reply.text).toMatch(/9\s000\skm/);
    expect(say('and in English please').reply.text).toContain('9,000 km');
  });

  it('a weak guess at a topic that takes no names yields to a name in the message', () => {
    const recognition = {
      text: 'does canada belong to NATO',
      intents: { 'offices.embassy': 0.38, 'organizations.detail': 0.3, None: 0.32 },
      topIntent: 'offices.embassy',
      score: 0.38,
      entities: [
        {
          type: 'organization' as const,
          id: 'nato',
          text: 'NATO',
          startToken: 4,
          endToken: 5,
          startIndex: 22,
          endIndex: 26,
        },
      ],
    };
    const resolved = resolveTurn(recognition, { subjects: [] }, answerTable, testApp().facts.language.en);
    expect([resolved.intent, resolved.subjects]).toEqual([
      'organizations.detail',
      [{ type: 'organization', id: 'nato' }],
    ]);
    const confident = resolveTurn(
      { ...recognition, intents: { ...recognition.intents, 'offices.embassy': 0.9 }, score: 0.9 },
      { subjects: [] },
      answerTable,
      testApp().facts.language.en,
    );
    expect(confident.intent).toBe('offices.embassy');
  });

  it('the French "il" is not Illinois', () => {
    const turn = ask("Est-ce qu'il existe un consulat canadien à Denver?", 'fr');
    expect(turn.recognition?.entities.map((e) => e.id)).not.toContain('IL');
    expect(turn.reply.text).not.toContain('Chicago');
    expect(ask('which consulate serves IL?').reply.text).toContain('Chicago');
  });

  it('keeps the names of a declined question for the next one, without changing the topic', () => {
    const say = conversation();
    say('tell me about NATO');
    expect(say("what's the weather like in Seattle today?").intent).toBe('None');
    expect(say('is there a Canadian consulate there?').reply.text).toContain('Consulate General of Canada in Seattle');
    const other = conversation();
    other('tell me about NATO');
    other('who runs it these days?');
    expect(other('when was it created?').reply.text).toContain('1949');
  });

  it('understands "can you tell me more?" and other short requests for more, but not one that names a topic', () => {
    const say = conversation();
    say('what is cusma');
    expect(say('ok, can you tell me more?').resolution?.via).toBe('more');
    expect(say('tell me more about NATO').intent).toBe('organizations.detail');
  });

  it('follows a weak guess that leans on the topic just discussed, in French', () => {
    const say = conversation('fr');
    say('Y a-t-il un consulat canadien à Dallas ?');
    const next = say('il dessert quels États ?');
    expect(next.intent).toBe('offices.forPlace');
    expect(next.reply.text).toContain('Oklahoma');
  });

  it('takes a new place for the consulate question just asked, in a longer sentence', () => {
    const say = conversation();
    say('which consulate serves Colorado?');
    expect(say('actually I just moved to Albuquerque').reply.text).toContain('Dallas');
  });

  it('declines a follow-up about another country instead of repeating the Canada–US answer', () => {
    const say = conversation();
    say('how long is the border');
    expect(say('and the one between the US and Mexico?').intent).toBe('None');
    expect(ask('How are things between Canada and Denmark these days?').intent).toBe('None');
  });

  it('says which states the embassy serves', () => {
    expect(ask('where is the canadian embassy in the US?').reply.text).toContain('Maryland');
  });

  it('lets the name decide when the classifier picks a topic about another kind of name', () => {
    const say = conversation();
    say('Which international organizations include both Canada and the US?');
    const next = say("and what's the OSCE exactly?");
    expect(next.intent).toBe('organizations.detail');
    expect(next.reply.text).toMatch(/Security and Co-?operation in Europe/);
  });
});
