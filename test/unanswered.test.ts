// Declined questions are logged (personal information masked) and grouped for improving intents/.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskPersonalInformation, type UnansweredEntry } from '../src/conversation/unanswered.js';
import { groupUnanswered } from '../src/conversation/unansweredReport.js';
import { testApp } from './support/app.js';

describe('unanswered-question log', () => {
  it('records a declined question with its top intents, and not an answered one', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'unanswered-')), 'log.jsonl');
    const app = testApp({ UNANSWERED_LOG: path });
    app.assistant.reply('What is the best lasagna recipe? mail me at jo@example.com', { subjects: [] }, 'en');
    app.assistant.reply('how long is the border', { subjects: [] }, 'en');
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as UnansweredEntry);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ language: 'en', text: 'What is the best lasagna recipe? mail me at [email]' });
    expect(lines[0]!.top[0]).toMatchObject({ intent: 'None' });
  });

  it('masks e-mail addresses and long numbers', () => {
    expect(maskPersonalInformation('call 613-555-0199 or write a.b@gc.ca, passport AB1234567')).toBe('call [number] or write [email], passport [number]');
  });

  it('groups similar questions, commonest first', () => {
    const entry = (text: string): UnansweredEntry => ({ time: '', language: 'en', text, top: [{ intent: 'None', score: 0.9 }, { intent: 'border.crossings', score: 0.05 }] });
    const groups = groupUnanswered([entry('border wait times today'), entry('what are the border wait times'), entry('best pizza in Ottawa'), entry('wait times at the border now?')]);
    expect(groups[0]).toMatchObject({ count: 3, nearestIntent: 'border.crossings' });
    expect(groups[1]).toMatchObject({ count: 1, example: 'best pizza in Ottawa' });
  });
});
