// The Emulator's view of a turn: botbuilder's RecognizerResult shape plus `topIntent`, the intent
// the bot acted on after the threshold and the conversation's context.
import type { RecognizerResult } from 'botbuilder';
import type { Resolution } from '../conversation/resolve.js';
import type { Language } from '../facts/schema.js';
import type { Recognition } from '../nlu/recognizer.js';

export const recognizerTraceName = 'RecognizerResult';
export const recognizerTraceType = 'https://www.botframework.com/schemas/recognizerResult';
export const recognizerTraceLabel = 'Intent classifier';

export interface RecognizerTrace extends RecognizerResult {
  topIntent: string;
  /** The language the message was understood and answered in. */
  language: Language;
  resolvedBy: Resolution['via'];
}

export function toRecognizerTrace(
  recognition: Recognition,
  resolution: Resolution,
  language: Language,
): RecognizerTrace {
  const intents: RecognizerResult['intents'] = {};
  // Best first, as the Emulator's inspector lists them.
  for (const [name, score] of Object.entries(recognition.intents).sort((a, b) => b[1] - a[1]))
    intents[name] = { score: Math.round(score * 10000) / 10000 };
  const values: Record<string, string[]> = {};
  const instances: Record<string, unknown[]> = {};
  for (const e of recognition.entities) {
    (values[e.type] ??= []).push(e.id);
    (instances[e.type] ??= []).push({ startIndex: e.startIndex, endIndex: e.endIndex, text: e.text, type: e.type });
  }
  const entities = { ...values, $instance: instances };
  return {
    text: recognition.text,
    ...(recognition.correctedText ? { alteredText: recognition.correctedText } : {}),
    intents,
    entities,
    topIntent: resolution.intent,
    language,
    resolvedBy: resolution.via,
  };
}
