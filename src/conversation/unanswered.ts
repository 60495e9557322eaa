// The unanswered-question log: one JSON line per question the bot declined, with its language and the
// classifier's top intents, for improving intents/. Obvious personal information (e-mail addresses,
// phone and other long numbers) is masked before anything is written.
import type { Language } from '../facts/schema.js';
import { appendJsonLine, defaultRotation, ensureFolder, type Rotation } from './jsonLines.js';

export interface UnansweredEntry {
  time: string;
  language: Language;
  text: string;
  top: { intent: string; score: number }[];
}

/** A declined question is logged up to this many characters: enough to see what was asked. */
const longestLoggedText = 500;

/**
 * Masks e-mail addresses and long numbers. The text is normalized first (NFKC: fullwidth ＠ and digits
 * become ASCII) and stripped of invisible format characters (zero-width spaces and joiners, bidi
 * controls, soft hyphens), which would otherwise split an address so that no pattern sees it.
 */
export function maskPersonalInformation(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+/gu, '[email]')
    .replace(/\+?\d[\d\s().-]{6,}\d/g, '[number]')
    .replace(/\b[A-Z]{1,2}\d{6,}\b/gi, '[number]');
}

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
