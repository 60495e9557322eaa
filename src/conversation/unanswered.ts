// The unanswered-question log: one JSON line per question the bot declined, with its language and the
// classifier's top intents, for improving intents/. Obvious personal information (e-mail addresses,
// phone and other long numbers) is masked before anything is written.
import type { Language } from '../facts/schema.js';
import { appendJsonLine, ensureFolder } from './jsonLines.js';

export interface UnansweredEntry {
  time: string;
  language: Language;
  text: string;
  top: { intent: string; score: number }[];
}

export function maskPersonalInformation(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '[number]')
    .replace(/\b[A-Z]{1,2}\d{6,}\b/gi, '[number]');
}

export class UnansweredLog {
  constructor(private readonly path: string) {
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
      text: maskPersonalInformation(text),
      top,
    };
    appendJsonLine(this.path, entry);
  }
}
