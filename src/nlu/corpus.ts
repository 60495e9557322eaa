// Reads the training utterances in intents/: one JSON file per intent.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Language } from '../facts/schema.js';

const intentFile = z
  .object({
    intent: z.string().regex(/^(None|[a-z]+\.[a-zA-Z]+)$/, 'expected "topic.question" or "None"'),
    description: z.string().min(1),
    utterances: z
      .object({ en: z.array(z.string().min(1)).min(10), fr: z.array(z.string().min(1)).optional() })
      .strict(),
  })
  .strict();
export type IntentDefinition = z.infer<typeof intentFile>;

export interface Example {
  text: string;
  intent: string;
}

export function loadIntents(dir: string): IntentDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = intentFile.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`intents/${file}: field "${issue.path.join('.')}": ${issue.message}`);
      }
      if (`${parsed.data.intent}.json` !== file)
        throw new Error(`intents/${file}: field "intent": "${parsed.data.intent}" does not match the file name`);
      return parsed.data;
    });
}

export function examplesOf(intents: IntentDefinition[], language: Language): Example[] {
  return intents.flatMap((d) => (d.utterances[language] ?? []).map((text) => ({ text, intent: d.intent })));
}
