// JSON-lines files (the turn events with STORAGE=memory): append a line, rotate by size, read them
// back, rewrite one without its expired lines. Rotation is by size, synchronous and done here (a dozen lines) rather than by a stream
// library: each line is appended whole with one system call, so a report run at any moment reads only
// complete lines, and the tests read the file right after the turn that wrote it.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

export interface Rotation {
  /** The file is rotated before a line would take it past this size. */
  maxBytes: number;
  /** Rotated files kept besides the current one (path.1 the newest, path.N the oldest); 0: none. */
  kept: number;
}

export const defaultRotation: Rotation = { maxBytes: 10 * 1024 * 1024, kept: 2 };

/** Appends one JSON line to a log file whose folder exists (see `ensureFolder`), rotating it when full. */
export function appendJsonLine(path: string, entry: object, rotation: Rotation = defaultRotation): void {
  try {
    const line = `${JSON.stringify(entry)}\n`;
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (size > 0 && size + Buffer.byteLength(line) > rotation.maxBytes) rotate(path, rotation.kept);
    appendFileSync(path, line);
  } catch {
    // A full disk must not cost the person their answer.
  }
}

/** path.(N-1) → path.N, …, path → path.1; the oldest beyond `kept` is removed. */
function rotate(path: string, kept: number): void {
  if (kept < 1) {
    rmSync(path, { force: true });
    return;
  }
  rmSync(`${path}.${kept}`, { force: true });
  for (let n = kept - 1; n >= 1; n--) if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`);
  renameSync(path, `${path}.1`);
}

/** The log's files, oldest first: its rotated files (path.N … path.1), then the current one. */
export function logFiles(path: string): string[] {
  const rotated: string[] = [];
  for (let n = 1; existsSync(`${path}.${n}`); n++) rotated.unshift(`${path}.${n}`);
  return existsSync(path) ? [...rotated, path] : rotated;
}

/** A JSON-lines log's entries, skipping lines that are not JSON (a line cut short by a crash). */
export function readJsonLines<T>(path: string): T[] {
  return [...jsonLinesIn(readFileSync(path, 'utf8'))] as T[];
}

/** The entries of a JSON-lines text, one at a time, skipping empty lines and lines that are not JSON. */
export function* jsonLinesIn(text: string): Iterable<unknown> {
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      yield JSON.parse(line);
    } catch {
      continue;
    }
  }
}

/** Makes a log file's folder, once, when the log is created. */
export function ensureFolder(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}

/**
 * Keeps only the lines `keep` accepts (lines that are not JSON go too), replacing the file at once
 * (a new file renamed over it), so that a reader never sees it half written. Returns the lines removed.
 */
export function rewriteJsonLines(path: string, keep: (entry: unknown) => boolean): number {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const kept = lines.filter((line) => {
    try {
      return keep(JSON.parse(line));
    } catch {
      return false;
    }
  });
  if (kept.length === lines.length) return 0;
  const temporary = `${path}.rewrite`;
  writeFileSync(temporary, kept.map((line) => `${line}\n`).join(''));
  renameSync(temporary, path);
  return lines.length - kept.length;
}
