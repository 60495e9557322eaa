// JSON-lines logs (the unanswered-question and feedback logs): append a line, read them back.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Appends one JSON line to a log file whose folder exists (see `ensureFolder`). */
export function appendJsonLine(path: string, entry: object): void {
  try {
    appendFileSync(path, `${JSON.stringify(entry)}\n`);
  } catch {
    // A full disk must not cost the person their answer.
  }
}

/** A JSON-lines log's entries, skipping lines that are not JSON (a line cut short by a crash). */
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
