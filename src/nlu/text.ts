// Text normalization and tokenizing shared by training and recognition, so both see the same tokens.

export interface Token {
  /** As typed (case kept), for case-sensitive short forms such as "UN" or "OR". */
  raw: string;
  /** Lower-cased, accents kept. */
  lower: string;
  /** Character offsets in the normalized text. */
  start: number;
  end: number;
}

/** Unicode-aware: natural's WordTokenizer splits words at accented letters ("Montréal" → "Montr", "al"). */
const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function normalize(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/[\u2018\u2019\u02bc`´]/g, "'")
      .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
      .replace(/[\u2010-\u2015]/g, '-')
      // Dotted initialisms become words: U.S.A. -> USA, D.C. -> DC, L.A. -> LA; so do spelled-out ones: O-E-C-D -> OECD.
      .replace(/\b(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, ''))
      .replace(/(?<![\p{L}-])\p{L}(?:-\p{L}){2,}(?![\p{L}-])/gu, (m) => m.replace(/-/g, ''))
      // Thousands separators: 400,000 -> 400000.
      .replace(/(\d)[,\u00a0\u202f\s](?=\d{3}\b)/g, '$1')
  );
}

/** French elisions ("l'ambassade", "qu'est", "d'Américains"): the word is what follows. */
const elision = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\p{L})/iu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of normalize(text).matchAll(wordPattern)) {
    let raw = match[0];
    let start = match.index ?? 0;
    const elided = elision.exec(raw);
    if (elided) {
      raw = raw.slice(elided[0].length);
      start += elided[0].length;
    }
    raw = raw.replace(/'s$/i, '');
    tokens.push({ raw, lower: raw.toLowerCase(), start, end: start + raw.length });
  }
  return tokens;
}

export function isAllUpperCase(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

const ascii = /^\p{ASCII}*$/u;

/** Removes accents, for matching names typed without them ("Montreal", "Quebec"). */
export function foldAccents(word: string): string {
  // Most words are plain ASCII, which has nothing to fold: it runs on every word of every message.
  return ascii.test(word) ? word : word.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

const patterns = new Map<string, RegExp>();
/** A case-insensitive Unicode regular expression from data (cues, yes/no patterns), compiled once. */
export function compiledPattern(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern, 'iu');
    patterns.set(pattern, regex);
  }
  return regex;
}

/** 32-bit FNV-1a of text[start, end), from `seed` (FNV's offset basis by default). */
export function fnv1a(text: string, start = 0, end = text.length, seed = 2166136261): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Lower-case, accent-folded letters and spaces only: how whole-message phrases are compared ("Dites-m'en plus !" → "dites m en plus"). */
export function plainWords(text: string): string {
  return foldAccents(text.toLowerCase())
    .replace(/[^\p{L}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower-case words with their accents ("où" stays "où", unlike "ou"): how question words are compared. */
export function lowerWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
