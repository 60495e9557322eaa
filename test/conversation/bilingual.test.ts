// Answered in the language the person wrote in: detection, fallbacks, switching, French content.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIntents } from '../../src/nlu/corpus.js';
import { heldOutSet, rootDir, testApp } from '../support/app.js';
import { ask, conversation } from '../support/conversation.js';

const app = testApp();

describe('language of each message', () => {
  it.each([
    ['Bonjour', 'fr'],
    ['Merci', 'fr'],
    ['OTAN ?', 'fr'],
    ['merci beaucoup!', 'fr'],
    ['Quelle est la longueur de la frontiere', 'fr'],
    ['c koi l aceum', 'fr'],
    ['hello', 'en'],
    ['thanks', 'en'],
    ['NATO?', 'en'],
    ['how long is the border', 'en'],
  ])('detects %j as %s', (text, language) => {
    expect(ask(text, 'none').language).toBe(language);
  });

  it('answers a French question in French even when the client is in English', () => {
    const turn = ask("Combien d'Américains travaillent pour des entreprises canadiennes ?", 'en');
    expect(turn.language).toBe('fr');
    expect(turn.reply.text).toMatch(/500\s000 Américains/);
  });

  it('falls back to the client locale for a message that could be either language', () => {
    expect(ask('Miami', 'fr').language).toBe('fr');
    expect(ask('Miami', 'en').language).toBe('en');
  });

  it('falls back to the conversation language when there is no locale', () => {
    const say = conversation('none');
    say('Quel consulat dessert la Floride?');
    expect(say('Boston').language).toBe('fr');
  });

  it('switches language on request, and keeps it for follow-ups', () => {
    const say = conversation('en');
    expect(say('Is there a consulate in Seattle?').language).toBe('en');
    const switched = say('en français svp');
    expect(switched.language).toBe('fr');
    expect(switched.reply.text).toMatch(/^D'accord, je vous réponds en français\./);
    expect(say('Miami').reply.text).toContain('Consulat général du Canada à Miami');
    expect(say('English please').reply.text).toMatch(/^Sure, I'll answer in English\./);
  });

  it('keeps the conversation going across a language change', () => {
    const say = conversation('en');
    say('what is NATO');
    const next = say('quand a-t-elle été créée?');
    expect(next.language).toBe('fr');
    expect(next.reply.text).toContain('1949');
  });
});

describe('French answers', () => {
  it.each([
    ['Quelle est la longueur de la frontière ?', /9\s000\skm/],
    ['combien de personnes traversent la frontiere chaque jour', /400\s000/],
    ["c'est quoi l'ACEUM", /Accord Canada–États-Unis–Mexique/],
    ['Y a-t-il un consulat canadien à Houston?', /Houston/],
    ['quel consulat dessert la Caroline du Nord?', /Consulat général du Canada à Atlanta/],
    ['Le Canada est-il membre de l’OTAN?', /OTAN/],
  ])('answers %j in French', (question, expected) => {
    const turn = ask(question, 'fr');
    expect(turn.language).toBe('fr');
    expect(turn.reply.text).toMatch(expected);
  });

  it('writes dates and numbers the French way and links the French page', () => {
    const { reply } = ask('quand l’ACEUM est-il entré en vigueur?', 'fr');
    expect(reply.text).toContain('1er juillet 2020');
    expect(reply.text).toContain('relations.aspx?lang=fra');
    expect(reply.text).toMatch(/consultée le 25 novembre 2026/);
  });

  it('welcomes in French when the locale is French, with the privacy notice', () => {
    const welcome = app.assistant.welcome('fr');
    expect(welcome.text).toMatch(/^Bonjour/);
    expect(welcome.text).toMatch(/renseignements personnels/);
  });

  it('declines off-topic questions in French', () => {
    const turn = ask('Quelle température fera-t-il demain à Montréal?', 'fr');
    expect(turn.intent).toBe('None');
    expect(turn.language).toBe('fr');
  });
});

describe('French content completeness', () => {
  /** Every object with an "en" text in data/ must have its "fr" text too. */
  function missingFrench(value: unknown, path: string, out: string[]): string[] {
    if (Array.isArray(value)) value.forEach((v, i) => missingFrench(v, `${path}[${i}]`, out));
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if ('en' in record && !('fr' in record)) out.push(path);
      for (const [k, v] of Object.entries(record)) if (k !== 'en') missingFrench(v, `${path}.${k}`, out);
    }
    return out;
  }

  it.each([
    'relationship',
    'border',
    'security',
    'defence',
    'environment',
    'trade',
    'agreements',
    'organizations',
    'offices',
    'states',
    'strings',
    'sources',
  ])('data/%s.json has French for every English text', (file) => {
    const json = JSON.parse(readFileSync(join(rootDir, 'data', `${file}.json`), 'utf8'));
    expect(missingFrench(json, file, [])).toEqual([]);
  });

  it('is evaluated in French on sentences that are not in its French training data', () => {
    const training = new Set(
      loadIntents(join(rootDir, 'intents'))
        .flatMap((i) => i.utterances.fr ?? [])
        .map((t) => t.toLowerCase().trim()),
    );
    const heldOut = heldOutSet('fr').map((c) => c.text);
    expect(heldOut.filter((t) => training.has(t.toLowerCase().trim()))).toEqual([]);
  });

  it('has at least 20 French training utterances for every intent', () => {
    for (const intent of loadIntents(join(rootDir, 'intents')))
      expect(intent.utterances.fr?.length ?? 0, intent.intent).toBeGreaterThanOrEqual(20);
  });

  it('understands at least 95% of the French held-out questions, within 2 points of English', () => {
    const accuracy = (language: 'en' | 'fr') => {
      const cases = heldOutSet(language);
      const recognizer = app.recognizers[language]!;
      return cases.filter((c) => recognizer.recognize(c.text).topIntent === c.intent).length / cases.length;
    };
    const french = accuracy('fr');
    expect(french).toBeGreaterThanOrEqual(0.95);
    expect(accuracy('en') - french).toBeLessThanOrEqual(0.02);
  });
});
