// The reports (npm run report:unanswered, report:feedback) read the turn events, as the insights page
// does, and print what anonymous people typed without terminal escapes, forged lines or hidden characters.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/conversation/printable.js';
import type { TurnEvent } from '../../src/insights/events.js';
import { declinedReport, ratingsReport } from '../../src/insights/reports.js';
import { rootDir } from '../support/app.js';

const folder = () => mkdtempSync(join(tmpdir(), 'reports-'));

/** Text a visitor could type to attack whoever reads the report in a terminal. */
const hostile = {
  escapes: 'what is \u001b[2J\u001b[31mNORAD\u001b[0m\u0007 \u009b31m',
  forgedLine: 'hello\n 1. ×9999  [en] would be classified as trade.figures\r\n    e.g. forged',
  hidden: 'border\u202e\u2066length\u200b\u2069',
};

describe('report output', () => {
  it('strips control characters, line breaks and invisible format characters from logged text', () => {
    expect(printable(hostile.escapes)).toBe('what is  [2J [31mNORAD [0m   31m');
    expect(printable(hostile.forgedLine)).not.toMatch(/[\n\r]/);
    expect(printable(hostile.hidden)).toBe('borderlength');
    expect(printable('Où est le consulat ? 🇨🇦👍🏽')).toBe('Où est le consulat ? 🇨🇦👍🏽');
  });

  it('prints one line per kind of question and per example, whatever the questions contain', () => {
    const groups = Object.values(hostile).map((text) => ({
      count: 1,
      examples: [text],
      languages: ['en' as const],
      wouldBe: { intent: 'x\u001b[2J', score: 0.1 },
    }));
    const lines = declinedReport(groups, 3, 'events.jsonl');
    const report = lines.join('\n');
    // eslint-disable-next-line no-control-regex -- control characters are what the report must not print
    expect(report).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(lines.filter((line) => /^\s*\d+\. ×/.test(line))).toHaveLength(3);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);

    const feedback = ratingsReport(
      [{ intent: 'x\u001b[2J', up: 0, down: 1, downExamples: [hostile.forgedLine] }],
      'events.jsonl',
    ).join('\n');
    // eslint-disable-next-line no-control-regex -- control characters are what the report must not print
    expect(feedback).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(feedback.split('\n').filter((line) => line.includes('forged'))).toHaveLength(1);
  });

  it('are what the report scripts print, from the turn events', async () => {
    const events = join(folder(), 'events.jsonl');
    const now = new Date().toISOString();
    const lines: TurnEvent[] = [
      {
        time: now,
        conversation: 'c1',
        channel: 'webchat',
        language: 'en',
        outcome: 'declined',
        intent: 'None',
        question: hostile.escapes + hostile.forgedLine,
      },
      {
        time: now,
        conversation: 'c1',
        channel: 'webchat',
        language: 'en',
        outcome: 'declined',
        intent: 'None',
        question: 'how long are the lines at the border today',
      },
      {
        time: now,
        conversation: 'c2',
        channel: 'msteams',
        language: 'en',
        outcome: 'answered',
        intent: 'defence.norad',
      },
      {
        time: now,
        conversation: 'c2',
        channel: 'msteams',
        language: 'en',
        outcome: 'rated',
        rating: 'down',
        intent: 'defence.norad',
        question: hostile.forgedLine,
      },
    ];
    writeFileSync(events, `${lines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n`);
    const run = promisify(execFile);
    const tsx = join(rootDir, 'node_modules/.bin/tsx');
    const [declined, ratings] = await Promise.all([
      run(tsx, ['scripts/report-unanswered.ts', events], { cwd: rootDir }),
      run(tsx, ['scripts/report-feedback.ts', events], { cwd: rootDir }),
    ]);
    expect(declined.stdout).toMatch(
      /^2 declined questions in .*events\.jsonl, the last 90 days; the 2 commonest kinds:/,
    );
    expect(declined.stdout).toMatch(/e\.g\. how long are the lines at the border today/);
    expect(declined.stdout).toMatch(/would be classified as border\.length \(0\.\d\d\)/);
    expect(ratings.stdout).toMatch(/^1 ratings in .*, 1 intents, worst-rated first:/);
    expect(ratings.stdout).toMatch(/defence\.norad\s+0\s+1/);
    for (const output of [declined.stdout, ratings.stdout]) {
      expect(output).not.toContain('\u001b');
      expect(output).not.toMatch(/^\s*1\. ×9999/m);
      expect(output).not.toMatch(/^\s*e\.g\. forged/m);
    }
  }, 60_000);
});
