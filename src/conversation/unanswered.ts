// The unanswered-question log: one JSON line per question the bot declined, with its language and the
// classifier's top intents, for improving intents/. Obvious personal information (e-mail addresses,
// phone and other long numbers) is masked before anything is written.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Language } from '../facts/schema.js';

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

/** Appends one JSON line to a log file whose folder exists (see `ensureFolder`). Shared with the feedback log. */
export function appendJsonLine(path: string, entry: object): void {
  try {
    appendFileSync(path, `${JSON.stringify(entry)}\n`);
  } catch {
    // A full disk must not cost the person their answer.
  }
}

/** A JSON-lines log's entries, skipping lines that are not JSON (a line cut short by a crash). Shared with the feedback report. */
export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as T];
      } catch {
        return [];
      }
    });
}

/** Makes a log file's folder, once, when the log is created. */
export function ensureFolder(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
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
    const entry: UnansweredEntry = { time: new Date().toISOString(), language, text: maskPersonalInformation(text), top };
    appendJsonLine(this.path, entry);
  }
}
