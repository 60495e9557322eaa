// npm run eval's measures of whole turns, as the bot answers them (the Assistant: recognizer, rules and
// answers): held-out questions of any length, messages that ask several questions, multi-turn
// conversations, referrals, and how often a Canada–US question is declined as off-topic.
import { fromFactBase, routeKind, type AnswerRoute } from '../answers/types.js';
import type { Assistant } from '../conversation/assistant.js';
import type { ConversationMemory } from '../conversation/types.js';
import type { Language } from '../facts/schema.js';
import type { Prediction } from './metrics.js';

/** A held-out question: its intent, and for a question the bot declines, whether it is about Canada–US relations. */
export interface LabelledQuestion {
  text: string;
  intent: string;
  scope?: 'inDomain' | 'offTopic';
}

/** A message that asks several questions, with the intent of each, in order. */
export interface LabelledMessage {
  text: string;
  parts: string[];
}

export interface LabelledConversation {
  language: Language;
  turns: ({ text: string; intent: string; scope?: 'inDomain' | 'offTopic' } | { text: string; parts: string[] })[];
}

export interface TurnFigures {
  predictions: Prediction[];
  /** Questions about Canada–US relations (a topic, a need, an opinion, or a declined question in scope). */
  aboutCanadaUs: number;
  /** …of which the bot declined as off-topic (the target is none). */
  declinedAsOffTopic: Prediction[];
}

/** Each question as a first message. */
export function firstMessages(
  assistant: Assistant,
  questions: LabelledQuestion[],
  language: Language,
  routes: Record<string, AnswerRoute>,
): TurnFigures {
  const figures: TurnFigures = { predictions: [], aboutCanadaUs: 0, declinedAsOffTopic: [] };
  for (const question of questions)
    record(figures, question, assistant.reply(question.text, { subjects: [] }, language), routes);
  return figures;
}

/** Each conversation turn after turn, with its memory: the intent of every turn. */
export function conversations(
  assistant: Assistant,
  dialogues: LabelledConversation[],
  routes: Record<string, AnswerRoute>,
): TurnFigures & { conversationsRight: number; conversations: number } {
  const figures: TurnFigures = { predictions: [], aboutCanadaUs: 0, declinedAsOffTopic: [] };
  let conversationsRight = 0;
  for (const dialogue of dialogues) {
    let memory: ConversationMemory = { subjects: [] };
    let allRight = true;
    for (const turn of dialogue.turns) {
      const result = assistant.reply(turn.text, memory, dialogue.language);
      memory = result.memory;
      const prediction =
        'parts' in turn
          ? partsPrediction(turn, result.resolution?.parts?.map((p) => p.intent) ?? [result.resolution?.intent ?? ''])
          : record(figures, turn, result, routes);
      if ('parts' in turn) figures.predictions.push(prediction);
      if (prediction.expected !== prediction.predicted) allRight = false;
    }
    if (allRight) conversationsRight++;
  }
  return { ...figures, conversationsRight, conversations: dialogues.length };
}

/**
 * Messages that ask several questions: right when the bot answers exactly the questions asked, in
 * order. A greeting or a thank-you among them needs no answer of its own.
 */
export function severalQuestions(assistant: Assistant, messages: LabelledMessage[], language: Language): Prediction[] {
  return messages.map((message) => {
    const resolution = assistant.reply(message.text, { subjects: [] }, language).resolution;
    return partsPrediction(message, resolution?.parts?.map((p) => p.intent) ?? [resolution?.intent ?? '']);
  });
}

/** Of the questions labelled with a referral, how many got that referral; of the referrals given, how many were right. */
export function referralFigures(predictions: Prediction[], routes: Record<string, AnswerRoute>) {
  const isReferral = (intent: string) => routeKind(routes[intent]) === 'referral';
  const asked = predictions.filter((p) => isReferral(p.expected));
  const given = predictions.filter((p) => isReferral(p.predicted));
  const right = asked.filter((p) => p.predicted === p.expected).length;
  return {
    asked: asked.length,
    recall: asked.length ? right / asked.length : 0,
    given: given.length,
    precision: given.length ? given.filter((p) => p.predicted === p.expected).length / given.length : 0,
  };
}

function partsPrediction(message: { text: string; parts: string[] }, answered: string[]): Prediction {
  const expected = message.parts.filter((intent) => !intent.startsWith('smalltalk.'));
  return { text: message.text, expected: expected.join(' + '), predicted: answered.join(' + '), best: '', score: 0 };
}

function record(
  figures: TurnFigures,
  question: LabelledQuestion,
  result: ReturnType<Assistant['reply']>,
  routes: Record<string, AnswerRoute>,
): Prediction {
  const [best, score] = Object.entries(result.recognition?.intents ?? {}).reduce(
    (a, b) => (b[1] > a[1] ? b : a),
    ['None', 0],
  );
  const prediction = {
    text: question.text,
    expected: question.intent,
    predicted: result.resolution?.intent ?? '',
    best,
    score,
  };
  figures.predictions.push(prediction);
  const inScope = fromFactBase(routes[question.intent]) || question.scope === 'inDomain';
  if (inScope) {
    figures.aboutCanadaUs++;
    if (result.resolution?.declined === 'offTopic') figures.declinedAsOffTopic.push(prediction);
  }
  return prediction;
}
