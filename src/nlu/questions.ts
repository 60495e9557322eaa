// Splits a message into the questions it asks: at the end of each sentence; at "and" / "et" (or
// "also" / "aussi") when a new question starts right after it ("How long is the border, and how many
// people cross it?"); at a comma followed by a question word; and at the markers of a list ("1)",
// "2.", "first,", "deuxièmement :"). A list of names ("Ohio and Michigan") stays one question.
import { lowerWords, plainWords } from './text.js';

/** What asks, and what joins two questions, in a language: accent-folded, lower-case words. */
export interface QuestionCues {
  questionWords: string[];
  requestStarts: string[];
  yesNoStarts: string[];
  questionJoiners: string[];
  /** Words that number a list of questions when followed by "," or ":" ("first,", "deuxièmement :"). */
  ordinals: string[];
}

/**
 * Sentence ends: "?", "!" and ";" anywhere; "." before a capital letter, at the end, or before a
 * lower-case word when it ends a word of four letters or more ("…de Montréal. moi je…", but not "etc. and").
 */
const sentenceEnd = /(?<=[?!;])\s+|(?<=[^\s.]{2}\.)\s+(?=\p{Lu})|(?<=\p{L}{4}\.)\s+(?=\p{Ll})|(?<=[?!.;])$/u;

/** "1)", "2.", "a)": a list's marker, when it stands as a word. */
const listMarker = /^(?:\d{1,2}[.)]|[a-c]\))$/i;

/** A question needs a few words of its own: "…, et où ?", "…pis en quelle année ?" belong to the question before. */
const shortestQuestion = 4;

export function splitQuestions(text: string, cues: QuestionCues): string[] {
  const parts: string[] = [];
  for (const sentence of text.split(sentenceEnd)) {
    for (const marked of splitAtJoiners(sentence.trim(), cues)) {
      // The list's marker is not part of the question ("2) Does Canada…" asks "Does Canada…").
      const part = marked.replace(/^\S+\s+/, (first) => (listMarker.test(first.trim()) ? '' : first));
      if (!part) continue;
      const tooShort = plainWords(part).split(' ').filter(Boolean).length < shortestQuestion;
      if (tooShort && parts.length) parts[parts.length - 1] += ` ${part}`;
      else parts.push(part);
    }
  }
  return parts;
}

/** "…border, and how many…", "1) … 2) …", "first, … second, …" → questions; "…Ohio and Michigan?" stays one. */
function splitAtJoiners(sentence: string, cues: QuestionCues): string[] {
  const words = sentence.split(/\s+/);
  const parts: string[] = [];
  let current: string[] = [];
  const cut = () => {
    if (current.length) parts.push(current.join(' ').replace(/[,;]$/, ''));
    current = [];
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (startsAnother(words, i, cues) && current.length >= 2) cut();
    if (cues.questionJoiners.includes(plainWords(word)) && asksNext(words, i, cues) && current.length >= 2) {
      cut();
      continue;
    }
    current.push(word);
  }
  cut();
  return parts;
}

/** A list's marker ("2)", "second,"), or a question word right after a comma ("…created, how many…"). */
function startsAnother(words: string[], i: number, cues: QuestionCues): boolean {
  const word = words[i]!;
  if (listMarker.test(word)) return true;
  if (/[,:]$/.test(word) && cues.ordinals.includes(plainWords(word))) return true;
  // "…à Miami, c'est quoi l'APEC…": a question word among the two words after the comma.
  const afterComma = /,$/.test(words[i - 1] ?? '');
  return (
    afterComma &&
    plainWords(words.slice(i, i + 2).join(' '))
      .split(' ')
      .some((w) => cues.questionWords.includes(w))
  );
}

/** After a joiner: a question word among the next two words, or a request or a yes/no question opening. */
function asksNext(words: string[], i: number, cues: QuestionCues): boolean {
  const next = plainWords(words.slice(i + 1, i + 3).join(' ')).split(' ');
  const first = next[0] ?? '';
  return (
    lowerWords(words.slice(i + 1, i + 3).join(' ')).some((w) => cues.questionWords.includes(w)) ||
    cues.requestStarts.includes(first) ||
    cues.yesNoStarts.includes(first)
  );
}
