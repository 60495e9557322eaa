// Tone and format: every answer opens with a short plain sentence (under 25 words, in English and in
// French), numbers are written the way each language writes them, and long lists are lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerTable } from '../../src/answers/index.js';
import type { Answer, AnswerRequest, Subject } from '../../src/answers/types.js';
import type { Language } from '../../src/facts/schema.js';
import { firstSentence, wordCount, type RenderedReply } from '../../src/replies/render.js';
import { heldOutSet, rootDir, testApp } from '../support/app.js';
import { ask } from '../support/conversation.js';

const app = testApp();
const { facts } = app;
const languages: Language[] = ['en', 'fr'];
const maxWords = 24;

/** Subjects people typically ask about, of every kind the answers read. */
const typicalSubjects: Subject[] = [
  ...facts.agreements.agreements.map((a) => ({ type: 'agreement' as const, id: a.id })),
  ...facts.organizations.organizations.map((o) => ({ type: 'organization' as const, id: o.id })),
  ...facts.environment.areas.map((a) => ({ type: 'environmentArea' as const, id: a.id.replace(/^environment\./, '') })),
  ...facts.states.states.map((s) => ({ type: 'usState' as const, id: s.code })),
  ...facts.offices.canadianOffices.map((o) => ({ type: 'officeCity' as const, id: o.id })),
  // Dominant, ambiguous and split-state cities; ZIP codes in a state, a territory with no office, and Alaska.
  ...['Houston', 'Springfield', 'Portland', 'Buffalo', 'Fresno', 'Honolulu', 'Anchorage'].map((id) => ({
    type: 'usCity' as const,
    id,
  })),
  ...['10001', '90210', '96910', '00901', '99501'].map((id) => ({ type: 'zipCode' as const, id })),
  { type: 'servedPlace', id: 'new-york' },
  ...facts.offices.usOfficesInCanada.consulatesGeneral.map((id) => ({ type: 'canadianCity' as const, id })),
];

/** Every route's answer (and its "tell me more"): with no subject and with each typical one, as a question and as a yes/no question. */
function everyAnswer(): { label: string; language: Language; answer: Answer }[] {
  const out: { label: string; language: Language; answer: Answer }[] = [];
  for (const language of languages) {
    for (const [intent, route] of Object.entries(answerTable)) {
      for (const subjects of [[], ...typicalSubjects.map((s) => [s])]) {
        for (const yesNo of [false, true]) {
          const request: AnswerRequest = {
            facts,
            language,
            text: yesNo ? 'is it in canada?' : '',
            subjects,
            yesNo,
            mentionsOtherCountry: false,
          };
          const label = `${intent} ${language} ${subjects.map((s) => `${s.type}:${s.id}`).join(',') || '(no subject)'}${yesNo ? ' yes/no' : ''}`;
          out.push({ label, language, answer: route.answer(request) });
          // "Tell me more" after it, where the route has more.
          const more = route.more?.(request);
          if (more) out.push({ label: `${label} (more)`, language, answer: more });
        }
      }
    }
  }
  return out;
}

function tooLong(label: string, text: string, language: Language): string[] {
  const sentence = firstSentence(text, language);
  const words = wordCount(sentence);
  return words > maxWords ? [`${label}: ${words} words: ${sentence}`] : [];
}

describe('the first sentence of every answer', () => {
  it('finds the first sentence the way a reader would', () => {
    expect(
      firstSentence(
        'Canada has an embassy in Washington, D.C. and 12 consulates general in the United States:\n\n- Atlanta',
        'en',
      ),
    ).toBe('Canada has an embassy in Washington, D.C. and 12 consulates general in the United States:');
    expect(
      firstSentence(
        "Canada's embassy in the United States is in Washington, D.C. Address: 501 Pennsylvania Avenue NW.",
        'en',
      ),
    ).toBe("Canada's embassy in the United States is in Washington, D.C.");
    expect(firstSentence('Yes. Canada is the top trading partner in most U.S. states. It is.', 'en')).toBe(
      'Yes. Canada is the top trading partner in most U.S. states.',
    );
    expect(firstSentence('Oui. Le Canada est membre de l’OTAN. Fondée en 1949.', 'fr')).toBe(
      'Oui. Le Canada est membre de l’OTAN.',
    );
    expect(wordCount('Près de 400\u00a0000 personnes traversent la frontière canado-américaine')).toBe(8);
    expect(wordCount('Canada–US relations — **9,000 km**')).toBe(4);
  });

  it(`is at most ${maxWords} words in every answer of every intent, in English and French`, () => {
    const failures = everyAnswer().flatMap(({ label, language, answer }) => tooLong(label, answer.text, language));
    expect(failures).toEqual([]);
  });

  it(`is at most ${maxWords} words for every held-out question, answered as in a conversation`, () => {
    const failures = languages.flatMap((language) =>
      heldOutSet(language).flatMap(({ text }) => {
        const turn = ask(text, language);
        return tooLong(`${JSON.stringify(text)} (${turn.intent})`, turn.reply.text, turn.language);
      }),
    );
    expect(failures).toEqual([]);
  }, 60_000);

  it(`is at most ${maxWords} words in the welcome and the bot's own messages, and is the message text beside a card`, () => {
    const replies: [string, Language, RenderedReply][] = languages.flatMap((language) => [
      ['welcome', language, app.assistant.welcome(language)] as [string, Language, RenderedReply],
      ['switch', language, ask(language === 'fr' ? 'en français svp' : 'English please').reply] as [
        string,
        Language,
        RenderedReply,
      ],
      ['too long', language, app.assistant.reply('frontière '.repeat(1000), { subjects: [], language }).reply] as [
        string,
        Language,
        RenderedReply,
      ],
      ['memory', language, app.assistant.memoryUnavailable(language === 'fr' ? 'Bonjour' : 'Hello', language)] as [
        string,
        Language,
        RenderedReply,
      ],
    ]);
    expect(
      replies.flatMap(([label, language, reply]) => tooLong(`${label} ${language}`, reply.text, language)),
    ).toEqual([]);
    for (const [label, language, reply] of replies)
      if (label !== 'welcome') expect(reply.lead, label).toBe(firstSentence(reply.text, language));
  });
});

describe('numbers', () => {
  /** Every French text in data/ (facts and strings). */
  function frenchTexts(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((v) => frenchTexts(v, out));
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'fr' && typeof v === 'string') out.push(v);
        else frenchTexts(v, out);
      }
    }
    return out;
  }
  const files = [
    'relationship',
    'border',
    'security',
    'defence',
    'environment',
    'trade',
    'agreements',
    'organizations',
    'offices',
    'strings',
  ];
  const frenchGroup = new Intl.NumberFormat('fr-CA').format(1000).charAt(1);

  it('groups thousands in French as Intl does for fr-CA ("9 000 km", a no-break space), never with a comma or plain space', () => {
    const texts = files.flatMap((file) =>
      frenchTexts(JSON.parse(readFileSync(join(rootDir, 'data', `${file}.json`), 'utf8'))),
    );
    expect(texts.length).toBeGreaterThan(100);
    const wrong = texts.filter((t) => /\d[, \u202f]\d{3}(?!\d)/.test(t));
    expect(wrong).toEqual([]);
    const grouped = texts.filter((t) => /\d\u00a0\d{3}/.test(t));
    expect(grouped.length).toBeGreaterThanOrEqual(3);
    // A unit or a number's second half never starts a new line: "9 000 km" stays together.
    expect(texts.filter((t) => /\d km/.test(t))).toEqual([]);
    expect(frenchGroup).toBe('\u00a0');
  });

  it('writes the same facts with English grouping in English', () => {
    expect(ask('how long is the border').reply.text).toMatch(/9,000 km.*5,500 miles[\s\S]*8,891 km/);
    expect(ask('Quelle est la longueur de la frontière ?', 'fr').reply.text).toMatch(
      /9\u00a0000\u00a0km.*5\u00a0500\u00a0milles[\s\S]*8\u00a0891\u00a0km/,
    );
  });

  it('formats computed distances with Intl in each language', () => {
    const guam: Subject[] = [{ type: 'zipCode', id: '96910' }];
    const request = (language: Language): AnswerRequest => ({
      facts,
      language,
      text: '96910',
      subjects: guam,
      yesNo: false,
      mentionsOtherCountry: false,
    });
    const english = answerTable['offices.forPlace']!.answer(request('en')).text;
    const french = answerTable['offices.forPlace']!.answer(request('fr')).text;
    const km = english.match(/about ([\d,]+) km/)![1]!;
    expect(km).toMatch(/^\d{1,2},\d{3}$/);
    expect(french).toContain(`environ ${new Intl.NumberFormat('fr-CA').format(Number(km.replace(',', '')))}\u00a0km`);
  });
});

describe('no walls of text', () => {
  /** The items a sentence lists, counted by its commas: "A, B, C and D" is four, and "Springfield, Illinois" one. */
  const stateNames = facts.states.states.map((s) => s.name.en).join('|');
  const listed = (line: string) => line.replace(new RegExp(`, (${stateNames})\\b`, 'g'), ' $1').split(/,\s/).length;

  it('puts a list of more than 8 items in a bulleted list, never in a sentence', () => {
    const walls = everyAnswer().flatMap(({ label, answer }) =>
      answer.text
        .split('\n')
        .filter((line) => !line.startsWith('- ') && listed(line) > 8)
        .map((line) => `${label}: ${listed(line)} items: ${line}`),
    );
    expect([...new Set(walls)]).toEqual([]);
  });
});
