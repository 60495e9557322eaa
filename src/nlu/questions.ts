// Splits a message into the questions it asks: at the end of each sentence, and at "and" / "et" (or
// "also" / "aussi") when a new question starts right after it ("How long is the border, and how many
// people cross it?"). A list of names ("Ohio and Michigan") stays one question.

import { plainWords } from './text.js';

/** What asks, and what joins two questions, in a language: accent-folded, lower-case words. */
export interface QuestionCues {
  questionWords: string[];
  requestStarts: string[];
  questionJoiners: string[];
}

/** Sentence ends: "?", "!" and ";" anywhere; "." only before a capital letter or at the end ("D.C. and" goes on). */
const sentenceEnd = /(?<=[?!;])\s+|(?<=[^\s.]{2}\.)\s+(?=\p{Lu})|(?<=[?!.;])$/u;

/** A question needs a few words of its own: "…, et où ?" belongs to the question before it. */
const shortestQuestion = 3;

export function splitQuestions(text: string, cues: QuestionCues): string[] {
  const parts: string[] = [];
  for (const sentence of text.split(sentenceEnd)) {
    for (const part of splitAtJoiners(sentence.trim(), cues)) {
      if (!part) continue;
      const tooShort = plainWords(part).split(' ').filter(Boolean).length < shortestQuestion;
      if (tooShort && parts.length) parts[parts.length - 1] += ` ${part}`;
      else parts.push(part);
    }
  }
  return parts;
}

/** "…border, and how many…" → two questions; "…Ohio and Michigan?" stays one. */
function splitAtJoiners(sentence: string, cues: QuestionCues): string[] {
  const words = sentence.split(/\s+/);
  // Each word's plain form once (not once per position that looks at it).
  const plain = words.map((w) => plainWords(w));
  const parts: string[] = [];
  let current: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = plain[i]!;
    // "and how…", "and tell me…", "et c'est quoi…": a question word among the next two words.
    const next = nextPlainWords(plain, i + 1);
    const asks = next.some((w) => cues.questionWords.includes(w)) || cues.requestStarts.includes(next[0]!);
    if (cues.questionJoiners.includes(word) && asks && current.length >= 2) {
      parts.push(current.join(' ').replace(/[,;]$/, ''));
      current = [];
      continue;
    }
    // "When was NORAD created, how many people cross…": a comma, then a question word, starts another.
    const afterComma = /,$/.test(words[i - 1] ?? '') && cues.questionWords.includes(word.split(' ')[0]!);
    if (afterComma && current.length >= 3) {
      parts.push(current.join(' ').replace(/[,;]$/, ''));
      current = [];
    }
    current.push(words[i]!);
  }
  if (current.length) parts.push(current.join(' '));
  return parts;
}

/** The plain words of the two words from `start` on, as plainWords would give them joined ([''] for none). */
function nextPlainWords(plain: string[], start: number): string[] {
  const found = plain.slice(start, start + 2).flatMap((p) => (p ? p.split(' ') : []));
  return found.length ? found : [''];
}
