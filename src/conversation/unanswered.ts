// The unanswered-question log: one JSON line per question the bot declined, with its language and the
// classifier's top intents, for improving intents/. Personal information is masked before anything is
// written (personalInformation.ts).
import type { Language } from '../facts/schema.js';
import { appendJsonLine, defaultRotation, ensureFolder, type Rotation } from './jsonLines.js';
import { maskPersonalInformation } from './personalInformation.js';

export interface UnansweredEntry {
  time: string;
  language: Language;
  text: string;
  top: { intent: string; score: number }[];
}

/** A declined question is logged up to this many characters: enough to see what was asked. */
const longestLoggedText = 500;

export class UnansweredLog {
  constructor(
    private readonly path: string,
    private readonly rotation: Rotation = defaultRotation,
  ) {
    ensureFolder(path);
  }

  record(text: string, language: Language, intents: Record<string, number>): void {
    const top = Object.entries(intents)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([intent, score]) => ({ intent, score: Math.round(score * 1000) / 1000 }));
    const entry: UnansweredEntry = {
      time: new Date().toISOString(),
      language,
      text: maskPersonalInformation(text).slice(0, longestLoggedText),
      top,
    };
    appendJsonLine(this.path, entry, this.rotation);
  }
}
