// Each rule that decides a turn, on hand-built recognitions: no trained model, so retraining cannot
// change what these tests check. One describe per rule, in the rules' order.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerTable } from '../../src/answers/index.js';
import { gatherEvidence, type TurnEvidence } from '../../src/conversation/evidence.js';
import * as rules from '../../src/conversation/rules.js';
import { resolveTurn } from '../../src/conversation/resolve.js';
import type { ConversationMemory } from '../../src/conversation/types.js';
import { loadFactBase } from '../../src/facts/loader.js';
import type { EntityMatch, EntityType } from '../../src/nlu/entities.js';
import { noneIntent, type Recognition } from '../../src/nlu/recognizer.js';
import { tokenize } from '../../src/nlu/text.js';
import { rootDir } from '../support/app.js';

const facts = loadFactBase(join(rootDir, 'data'));
const cues = { en: facts.language.en, fr: facts.language.fr! };

type Name = [phrase: string, type: EntityType, id: string];

/** A recognition as the recognizer would return it: these probabilities, these names at their token positions. */
function recognized(text: string, intents: Record<string, number>, names: Name[] = [], threshold = 0.2): Recognition {
  const tokens = tokenize(text);
  const entities: EntityMatch[] = names.map(([phrase, type, id]) => {
    const words = tokenize(phrase).map((t) => t.lower);
    const start = tokens.findIndex((_, i) => words.every((w, k) => tokens[i + k]?.lower === w));
    if (start < 0) throw new Error(`"${phrase}" is not in "${text}"`);
    const end = start + words.length;
    return {
      type,
      id,
      text: phrase,
      startToken: start,
      endToken: end,
      startIndex: tokens[start]!.start,
      endIndex: tokens[end - 1]!.end,
    };
  });
  const [best, score] = Object.entries(intents).reduce((a, b) => (b[1] > a[1] ? b : a), [noneIntent, 0]);
  return { text, intents, topIntent: score >= threshold ? best : noneIntent, score, entities };
}

const fresh: ConversationMemory = { subjects: [] };
const after = (lastIntent: string, subjects: ConversationMemory['subjects'] = []): ConversationMemory => ({
  lastIntent,
  subjects,
});
const evidence = (
  recognition: Recognition,
  memory = fresh,
  language: 'en' | 'fr' = 'en',
  parts: Recognition[] = [],
): TurnEvidence => gatherEvidence(recognition, memory, answerTable, cues[language], parts);
const resolve = (recognition: Recognition, memory = fresh, language: 'en' | 'fr' = 'en') =>
  resolveTurn(recognition, memory, answerTable, cues[language]);

describe('askedForMore', () => {
  it('asks for more on the last topic, as a whole message or a short one saying "more"', () => {
    const memory = after('defence.norad');
    expect(rules.askedForMore(evidence(recognized('tell me more', { None: 0.7 }), memory))).toMatchObject({
      intent: 'defence.norad',
      via: 'more',
    });
    expect(rules.askedForMore(evidence(recognized('ok can you tell me more?', { None: 0.7 }), memory))).toBeDefined();
  });
  it('does not apply to a request for more about something named', () => {
    const named = recognized('tell me more about NATO', { 'organizations.detail': 0.8 }, [
      ['NATO', 'organization', 'nato'],
    ]);
    expect(rules.askedForMore(evidence(named, after('defence.norad')))).toBeUndefined();
  });
});

describe('officesLocatedInCanada', () => {
  it('gives the US offices when the wording places the offices in Canada', () => {
    const r = recognized('where are the consulates in Canada', { 'offices.list': 0.7 });
    expect(rules.officesLocatedInCanada(evidence(r))).toMatchObject({ intent: 'offices.usInCanada', via: 'cue' });
  });
  it('leaves Canada’s own offices alone', () => {
    expect(rules.officesLocatedInCanada(evidence(recognized('list the consulates', { 'offices.list': 0.9 })))).toBe(
      undefined,
    );
  });
});

describe('classifiedAboutItsNames', () => {
  it('keeps the classifier’s topic with the names of its kinds', () => {
    const r = recognized('which consulate serves Ohio', { 'offices.forPlace': 0.9 }, [['Ohio', 'usState', 'OH']]);
    expect(rules.classifiedAboutItsNames(evidence(r))).toEqual({
      intent: 'offices.forPlace',
      subjects: [{ type: 'usState', id: 'OH' }],
      via: 'classifier',
    });
  });
});

describe('bareName', () => {
  it('answers a message of names and follow-up words about the names', () => {
    const r = recognized('and Georgia?', { None: 0.6, 'border.length': 0.3 }, [['Georgia', 'usState', 'GA']]);
    expect(rules.bareName(evidence(r, after('offices.forPlace', [{ type: 'usState', id: 'OH' }])))).toMatchObject({
      intent: 'offices.forPlace',
      subjects: [{ type: 'usState', id: 'GA' }],
      via: 'followUp',
    });
  });
});

describe('weakGuessYieldsToName', () => {
  it('yields a weak guess at a topic that takes no names to the topic of a name', () => {
    const r = recognized('does canada belong to NATO', { 'relations.overview': 0.35, None: 0.3 }, [
      ['NATO', 'organization', 'nato'],
    ]);
    expect(rules.weakGuessYieldsToName(evidence(r))).toMatchObject({ intent: 'organizations.detail' });
  });
  it('leaves a confident guess alone', () => {
    const r = recognized('does canada belong to NATO', { 'relations.overview': 0.8 }, [
      ['NATO', 'organization', 'nato'],
    ]);
    expect(rules.weakGuessYieldsToName(evidence(r))).toBeUndefined();
  });
});

describe('continuesPreviousTopic', () => {
  it('keeps the US offices for "and the consulates?"', () => {
    const r = recognized('and the consulates?', { 'offices.list': 0.7 });
    expect(rules.continuesPreviousTopic(evidence(r, after('offices.usInCanada')))).toMatchObject({
      intent: 'offices.usInCanada',
      via: 'followUp',
    });
  });
});

describe('weakGuessAboutAnotherCountry', () => {
  it('declines a weak guess about another country that names nothing of ours', () => {
    const r = recognized('and the one in Mexico?', { 'offices.embassy': 0.4, None: 0.35 });
    expect(rules.weakGuessAboutAnotherCountry(evidence(r, after('offices.embassy')))).toMatchObject({
      intent: noneIntent,
      via: 'declined',
    });
  });
});

describe('weakGuessPointsBack', () => {
  it('keeps a topic about names for a short weak guess that points back', () => {
    const memory = after('offices.forPlace', [{ type: 'usState', id: 'OH' }]);
    const r = recognized('il dessert quels états ?', { 'offices.list': 0.4, None: 0.3 });
    expect(rules.weakGuessPointsBack(evidence(r, memory, 'fr'))).toMatchObject({
      intent: 'offices.forPlace',
      subjects: memory.subjects,
    });
  });
});

describe('referralWithoutItsNeedPointsBack', () => {
  it('keeps a topic about names for a short message that points back, whatever referral it looks like', () => {
    const memory = after('agreements.detail', [{ type: 'agreement', id: 'cusma' }]);
    const r = recognized("et aux États-Unis, on l'appelle comment ?", { 'referral.emergency': 0.9 });
    expect(rules.referralWithoutItsNeedPointsBack(evidence(r, memory, 'fr'))).toMatchObject({
      intent: 'agreements.detail',
      via: 'followUp',
    });
  });

  it('leaves a referral that names its need', () => {
    const memory = after('agreements.detail', [{ type: 'agreement', id: 'cusma' }]);
    const r = recognized('and how much is it for NEXUS?', { 'referral.nexus': 0.9 }, [['NEXUS', 'need', 'nexus']]);
    expect(rules.referralWithoutItsNeedPointsBack(evidence(r, memory))).toBeUndefined();
  });
});

describe('referralYieldsToNamedNeed', () => {
  it('takes the need the message names when the classifier also sees it', () => {
    const r = recognized(
      'My NEXUS card expires next month, how do I renew it?',
      { 'referral.passportApply': 0.6, 'referral.nexus': 0.3 },
      [['NEXUS', 'need', 'nexus']],
    );
    expect(rules.referralYieldsToNamedNeed(evidence(r))).toMatchObject({ intent: 'referral.nexus' });
  });

  it('keeps the classifier’s referral when it does not see the named one', () => {
    const r = recognized('Peut-on obtenir un passeport en urgence?', { 'referral.passportApply': 0.95 }, [
      ['urgence', 'need', 'emergency'],
    ]);
    expect(rules.referralYieldsToNamedNeed(evidence(r, fresh, 'fr'))).toBeUndefined();
  });
});

describe('classifiedWithoutNames', () => {
  it('lets the classifier decide a topic that takes no names', () => {
    const r = recognized('how long is the border', { 'border.length': 0.95 });
    expect(rules.classifiedWithoutNames(evidence(r))).toMatchObject({ intent: 'border.length', via: 'classifier' });
  });
});

describe('classifiedAboutRememberedNames', () => {
  it('answers about the names the conversation holds', () => {
    const memory = after('agreements.detail', [{ type: 'agreement', id: 'cusma' }]);
    const r = recognized('when did the agreement come into force', { 'agreements.detail': 0.8 });
    expect(rules.classifiedAboutRememberedNames(evidence(r, memory))).toMatchObject({
      intent: 'agreements.detail',
      subjects: [{ type: 'agreement', id: 'cusma' }],
      via: 'followUp',
    });
  });
});

describe('classifiedYieldsToName', () => {
  it('yields to a name of another kind when the classified topic has none of its own', () => {
    const r = recognized('and what is the OSCE exactly', { 'agreements.detail': 0.6 }, [
      ['OSCE', 'organization', 'osce'],
    ]);
    expect(rules.classifiedYieldsToName(evidence(r))).toMatchObject({ intent: 'organizations.detail' });
  });
});

describe('classifiedCarriesOn', () => {
  it('stays with the topic just discussed when a name is needed and the message carries on', () => {
    const r = recognized('and the agreement was signed when?', { 'agreements.detail': 0.7 });
    expect(rules.classifiedCarriesOn(evidence(r, after('defence.norad')))).toMatchObject({
      intent: 'defence.norad',
      via: 'followUp',
    });
  });
});

describe('classifiedAsksForName', () => {
  it('keeps the classifier’s topic, with no name, so that its answer asks which', () => {
    const r = recognized('what does this trade agreement do', { 'agreements.detail': 0.8 });
    expect(rules.classifiedAsksForName(evidence(r))).toEqual({
      intent: 'agreements.detail',
      subjects: [],
      via: 'classifier',
    });
  });
});

describe('nameForLastTopic', () => {
  it('stays on the last topic for a short message naming something it takes', () => {
    const memory = after('offices.forPlace', [{ type: 'usState', id: 'OH' }]);
    const r = recognized('actually I just moved to Albuquerque', { None: 0.8 }, [
      ['Albuquerque', 'usCity', 'Albuquerque'],
    ]);
    expect(rules.nameForLastTopic(evidence(r, memory))).toMatchObject({ intent: 'offices.forPlace', via: 'followUp' });
  });
});

describe('continuesOnContext', () => {
  it('continues the last topic for a short continuation', () => {
    const r = recognized('and in miles?', { None: 0.3, 'border.crossings': 0.25 });
    expect(rules.continuesOnContext(evidence(r, after('border.length')))).toMatchObject({ intent: 'border.length' });
  });
  it('does not continue it for a continuation the classifier thinks off-topic', () => {
    const r = recognized('and the weather?', { None: 0.8 });
    expect(rules.continuesOnContext(evidence(r, after('border.length')))).toBeUndefined();
  });
});

describe('severalQuestions', () => {
  const border = recognized('How long is the border', { 'border.length': 0.95 });
  const crossings = recognized('how many people cross it each day?', { 'border.crossings': 0.9 });
  const whole = recognized('How long is the border, and how many people cross it each day?', { 'border.length': 0.7 });

  it('answers each question on a different topic, the last one becoming the topic', () => {
    expect(rules.severalQuestions(evidence(whole, fresh, 'en', [border, crossings]))).toMatchObject({
      intent: 'border.crossings',
      via: 'parts',
      parts: [{ intent: 'border.length' }, { intent: 'border.crossings' }],
    });
  });

  it('does not split a message whose sentences are context and one question', () => {
    const context = recognized('My daughter needs it for homework tonight.', { None: 0.8, 'border.length': 0.1 });
    expect(rules.severalQuestions(evidence(whole, fresh, 'en', [border, context]))).toBeUndefined();
  });

  it('takes a yes/no question pointing back to the question before as part of it', () => {
    const norad = recognized('What does NORAD stand for?', { 'defence.norad': 0.95 });
    const check = recognized('Is it a Canadian thing or an American thing?', { 'relations.opinion': 0.8 });
    expect(rules.severalQuestions(evidence(norad, fresh, 'en', [norad, check]))).toBeUndefined();
  });
});

describe('severalQuestions with questions it cannot answer, or on one topic', () => {
  it('gives a question it cannot answer its own line among the others', () => {
    const border = recognized('How long is the Canada-US border in miles?', { 'border.length': 0.95 });
    const alaska = recognized("what's the capital of Alaska, my kid's asking", { None: 0.9 }, [
      ['Alaska', 'usState', 'AK'],
    ]);
    const whole = recognized('How long is the Canada-US border in miles? Oh and what is the capital of Alaska', {
      'border.length': 0.8,
    });
    expect(rules.severalQuestions(evidence(whole, fresh, 'en', [border, alaska]))?.parts?.map((p) => p.intent)).toEqual(
      ['border.length', noneIntent],
    );
  });

  it('answers two questions on one topic together', () => {
    const g7 = recognized('what is the G7', { 'organizations.detail': 0.9 }, [['G7', 'organization', 'g7']]);
    const joined = recognized('when did canada join the G7', { 'organizations.detail': 0.8 }, [
      ['G7', 'organization', 'g7'],
    ]);
    const trade = recognized('what are the benefits of trade with the US', { 'trade.benefits': 0.95 });
    const whole = recognized('what is the G7 and when did canada join? and what are the benefits of trade', {
      'trade.benefits': 0.6,
    });
    expect(
      rules.severalQuestions(evidence(whole, fresh, 'en', [g7, joined, trade]))?.parts?.map((p) => p.intent),
    ).toEqual(['organizations.detail', 'trade.benefits']);
  });

  it('takes names alone after a question as part of it', () => {
    const where = recognized('Where is the US embassy in Canada?', { 'offices.usInCanada': 0.95 });
    const which = recognized('Ottawa or Toronto?', { 'offices.forPlace': 0.6 }, [
      ['Ottawa', 'canadianCity', 'Ottawa'],
      ['Toronto', 'canadianCity', 'Toronto'],
    ]);
    const whole = recognized('Where is the US embassy in Canada? Ottawa or Toronto?', { 'offices.usInCanada': 0.97 });
    expect(rules.severalQuestions(evidence(whole, fresh, 'en', [where, which]))).toBeUndefined();
  });
});

describe('listNarrowsToNamedItems', () => {
  it('takes a list question naming an item the classifier also sees as a detail question to the item', () => {
    const r = recognized('Which agreement replaced NAFTA?', { 'agreements.list': 0.55, 'agreements.detail': 0.43 }, [
      ['NAFTA', 'agreement', 'cusma'],
    ]);
    expect(rules.listNarrowsToNamedItems(evidence(r))).toMatchObject({
      intent: 'agreements.detail',
      subjects: [{ type: 'agreement', id: 'cusma' }],
    });
  });

  it('keeps a list question that only mentions one item', () => {
    const r = recognized('Apart from CUSMA, what other agreements are there?', { 'agreements.list': 0.99 }, [
      ['CUSMA', 'agreement', 'cusma'],
    ]);
    expect(rules.listNarrowsToNamedItems(evidence(r))).toBeUndefined();
  });
});

describe('oneQuestionOfSeveral', () => {
  it('answers a declined message by the one question it asks', () => {
    const question = recognized('How long is the border between Canada and the US?', { 'border.length': 0.97 });
    const context = recognized('In km please, my daughter needs it for homework.', { None: 0.9 });
    const whole = recognized('How long is the border… In km please, my daughter needs it for homework.', {
      None: 0.55,
      'border.length': 0.4,
    });
    expect(rules.oneQuestionOfSeveral(evidence(whole, fresh, 'en', [question, context]))).toMatchObject({
      intent: 'border.length',
    });
  });
});

describe('contextNamesTheNeed', () => {
  it('takes a vague question after context naming a need for that need', () => {
    const memory: ConversationMemory = {
      subjects: [],
      aside: [
        { type: 'need', id: 'passportLost' },
        { type: 'usCity', id: 'Miami' },
      ],
    };
    const r = recognized('What do I do', { None: 0.6, 'smalltalk.help': 0.3 });
    expect(rules.contextNamesTheNeed(evidence(r, memory))).toMatchObject({
      intent: 'referral.passportLost',
      subjects: memory.aside,
    });
  });
});

describe('nameDecidesDeclinedQuestion', () => {
  it('answers a narrowly declined question about the name it contains', () => {
    const r = recognized('What is Canada’s role in NATO, really, these days?', { None: 0.5, 'defence.ally': 0.3 }, [
      ['NATO', 'organization', 'nato'],
    ]);
    expect(rules.nameDecidesDeclinedQuestion(evidence(r))).toMatchObject({ intent: 'organizations.detail' });
  });

  it('leaves a clearly declined one, and one about another country', () => {
    const clear = recognized('Where is NATO headquartered?', { None: 0.87 }, [['NATO', 'organization', 'nato']]);
    expect(rules.nameDecidesDeclinedQuestion(evidence(clear))).toBeUndefined();
    const mexico = recognized('Is Mexico part of NATO?', { None: 0.5, 'organizations.detail': 0.45 }, [
      ['NATO', 'organization', 'nato'],
    ]);
    expect(rules.nameDecidesDeclinedQuestion(evidence(mexico))).toBeUndefined();
  });
});

describe('declined', () => {
  it('tells a question about the relationship that the facts do not cover it', () => {
    const r = recognized('Which provinces border Montana?', { None: 0.93 }, [['Montana', 'usState', 'MT']]);
    expect(rules.declined(evidence(r))).toMatchObject({ intent: noneIntent, declined: 'notInFacts' });
    const words = recognized('what is the busiest crossing on the border', { None: 0.9 });
    expect(rules.declined(evidence(words))).toMatchObject({ declined: 'notInFacts' });
  });

  it('declines a question with nothing of the relationship in it as off-topic', () => {
    expect(rules.declined(evidence(recognized('a good pizza recipe', { None: 0.99 })))).toMatchObject({
      declined: 'offTopic',
    });
  });
});

describe('resolveTurn', () => {
  it('runs the rules in order: the first that applies decides', () => {
    expect(rules.resolutionRules.at(-1)![0]).toBe('declined');
    expect(resolve(recognized('what is the weather in Paris', { None: 0.97 }))).toMatchObject({
      intent: noneIntent,
      via: 'declined',
    });
  });
});
