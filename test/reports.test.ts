// The JSON-lines logs hold what anonymous people typed: they stay bounded (rotated by size, each entry
// short), personal information is masked even when hidden with invisible characters, and the reports
// print logged text without terminal escapes, forged lines or hidden characters.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { feedbackReport } from '../src/conversation/feedbackReport.js';
import { appendJsonLine, logFiles, readJsonLines } from '../src/conversation/jsonLines.js';
import { printable } from '../src/conversation/printable.js';
import { UnansweredLog, type UnansweredEntry } from '../src/conversation/unanswered.js';
import { unansweredReport } from '../src/conversation/unansweredReport.js';
import { rootDir } from './support/app.js';

const folder = () => mkdtempSync(join(tmpdir(), 'reports-'));

/** Text a visitor could type to attack whoever reads the report in a terminal. */
const hostile = {
  escapes: 'what is \u001b[2J\u001b[31mNORAD\u001b[0m\u0007 \u009b31m',
  forgedLine: 'hello\n 1. ×9999  [en] nearest intent trade.figures\r\n    e.g. forged',
  hidden: 'border\u202e\u2066length\u200b\u2069',
};

describe('8. report output', () => {
  it('strips control characters, line breaks and invisible format characters from logged text', () => {
    expect(printable(hostile.escapes)).toBe('what is  [2J [31mNORAD [0m   31m');
    expect(printable(hostile.forgedLine)).not.toMatch(/[\n\r]/);
    expect(printable(hostile.hidden)).toBe('borderlength');
    expect(printable('Où est le consulat ? 🇨🇦👍🏽')).toBe('Où est le consulat ? 🇨🇦👍🏽');
  });

  it('prints one line per kind of question and per example, whatever the questions contain', () => {
    const entries: UnansweredEntry[] = Object.values(hostile).map((text) => ({
      time: '2026-01-01T00:00:00Z',
      language: 'en',
      text,
      top: [{ intent: 'None', score: 0.1 }],
    }));
    const lines = unansweredReport([...entries, { junk: true } as never], 'log.jsonl');
    const report = lines.join('\n');
    expect(report).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(lines.filter((line) => /^\s*\d+\. ×/.test(line))).toHaveLength(3);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);

    const feedback = feedbackReport(
      [{ time: 't', rating: 'down', language: 'en', question: hostile.forgedLine, intent: 'x\u001b[2J', score: 1 }],
      'feedback.jsonl',
    ).join('\n');
    expect(feedback).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(feedback.split('\n').filter((line) => line.includes('forged'))).toHaveLength(1);
  });

  it('are what the report scripts print', async () => {
    const dir = folder();
    const unanswered = join(dir, 'unanswered.jsonl');
    const feedback = join(dir, 'feedback.jsonl');
    writeFileSync(
      unanswered,
      `${JSON.stringify({ time: 't', language: 'en', text: hostile.escapes + hostile.forgedLine, top: [] })}\n`,
    );
    writeFileSync(
      feedback,
      `${JSON.stringify({ time: 't', rating: 'down', language: 'en', question: hostile.forgedLine, intent: 'x', score: 1 })}\n`,
    );
    const run = promisify(execFile);
    const tsx = join(rootDir, 'node_modules/.bin/tsx');
    const [a, b] = await Promise.all([
      run(tsx, ['scripts/report-unanswered.ts', unanswered], { cwd: rootDir }),
      run(tsx, ['scripts/report-feedback.ts', feedback], { cwd: rootDir }),
    ]);
    for (const output of [a.stdout, b.stdout]) {
      expect(output).not.toContain('\u001b');
      expect(output).not.toMatch(/^\s*1\. ×9999/m);
      expect(output).not.toMatch(/^\s*e\.g\. forged/m);
    }
  }, 60_000);
});

describe('7. the JSON-lines logs', () => {
  it('rotate by size, keeping the configured number of files, oldest first for the reports', () => {
    const path = join(folder(), 'log.jsonl');
    const rotation = { maxBytes: 1000, kept: 2 };
    for (let i = 0; i < 100; i++) appendJsonLine(path, { i, text: 'x'.repeat(80) }, rotation);
    const files = readdirSync(join(path, '..')).sort();
    expect(files).toEqual(['log.jsonl', 'log.jsonl.1', 'log.jsonl.2']);
    for (const file of files) expect(statSync(join(path, '..', file)).size).toBeLessThanOrEqual(1000);
    const entries = logFiles(path).flatMap((file) => readJsonLines<{ i: number }>(file));
    expect(entries.map((e) => e.i)).toEqual([...entries.map((e) => e.i)].sort((x, y) => x - y));
    expect(entries.at(-1)!.i).toBe(99);
  });

  it('log a declined question of at most 500 characters', () => {
    const path = join(folder(), 'unanswered.jsonl');
    new UnansweredLog(path).record(`what about ${'blah '.repeat(400)}`, 'en', { None: 0.9 });
    const [entry] = readJsonLines<UnansweredEntry>(path);
    expect(entry!.text.length).toBeLessThanOrEqual(500);
    expect(readFileSync(path, 'utf8').length).toBeLessThan(700);
  });
});
