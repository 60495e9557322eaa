// Finds the fact base's own names in a message: agreements, organizations, US states, cities with a
// Canadian office, environment areas and the two countries. Longest match wins; short forms that are
// also everyday words ("OR", "IN", "UN") count only when written in capitals.
import { areaId, type FactBase } from '../facts/loader.js';
import { foldAccents, isAllUpperCase, tokenize, type Token } from './text.js';

export type EntityType =
  | 'agreement'
  | 'organization'
  | 'usState'
  | 'officeCity'
  | 'usCity'
  | 'zipCode'
  | 'servedPlace'
  | 'canadianCity'
  | 'environmentArea'
  | 'need'
  | 'country';

export interface EntityMatch {
  type: EntityType;
  /** The fact base id: agreement id, organization id, state code, office id, city name, area id, country id. */
  id: string;
  text: string;
  startToken: number;
  endToken: number;
  startIndex: number;
  endIndex: number;
}

interface Phrase {
  words: string[];
  caseSensitive: boolean;
  type: EntityType;
  id: string;
}

/** Placeholder the classifier sees instead of a name, so it learns "what is <agreement>" once. */
const entityPlaceholder: Record<EntityType, string | undefined> = {
  agreement: 'zzagreement',
  organization: 'zzorganization',
  usState: 'zzplace',
  officeCity: 'zzplace',
  usCity: 'zzplace',
  zipCode: 'zzplace',
  servedPlace: 'zzplace',
  canadianCity: 'zzcanadiancity',
  environmentArea: undefined,
  need: undefined,
  country: undefined,
};

const placeholders = new Set(Object.values(entityPlaceholder).filter((p) => p !== undefined));

/**
 * The words the classifier sees: each name found replaced by its placeholder (a country by its id),
 * the other words accent-folded.
 */
export function classifierWords(tokens: Token[], found: EntityMatch[]): string[] {
  const words: string[] = [];
  let next = 0;
  for (const entity of found) {
    for (; next < entity.startToken; next++) words.push(foldAccents(tokens[next]!.lower));
    const placeholder = entity.type === 'country' ? entity.id : entityPlaceholder[entity.type];
    if (placeholder) words.push(placeholder);
    else for (let k = entity.startToken; k < entity.endToken; k++) words.push(foldAccents(tokens[k]!.lower));
    next = entity.endToken;
  }
  for (; next < tokens.length; next++) words.push(foldAccents(tokens[next]!.lower));
  return words;
}

/** A placeholder token: the classifier's features keep it whole (no stem, no character n-grams). */
export function isPlaceholder(word: string): boolean {
  return placeholders.has(word);
}

const matchKey = (word: string) => foldAccents(word.toLowerCase());

const extractors = new WeakMap<FactBase, EntityExtractor>();

export class EntityExtractor {
  /** One extractor per fact base: it is the same for every language (~20 ms and the city index to build). */
  static for(facts: FactBase): EntityExtractor {
    let extractor = extractors.get(facts);
    if (!extractor) {
      extractor = new EntityExtractor(facts);
      extractors.set(facts, extractor);
    }
    return extractor;
  }

  private readonly byFirstWord = new Map<string, Phrase[]>();
  /** Every word of every name, for the spelling corrector. */
  readonly vocabulary = new Set<string>();
  private readonly zipPrefixes: Set<string>;

  /** Names in every language are recognized in every language: people write "NATO" in French too. */
  constructor(facts: FactBase) {
    this.zipPrefixes = new Set(Object.keys(facts.usZipPrefixes.prefixes));
    // Order is priority for equally long matches: a city with an office before a state of the same name.
    this.addOffices(facts);
    this.addAgreementsAndOrganizations(facts);
    this.addStatesAndAreas(facts);
    // Neighbouring needs ("NEXUS", "lost passport"): the referral's id.
    for (const r of facts.referrals.referrals)
      for (const name of all(r.names).flat()) this.addShortOrLong('need', r.id, name);
    // A Canadian city with a US office before a US city of the same name (Vancouver, BC before Vancouver, WA).
    const us = facts.offices.usOfficesInCanada;
    for (const city of [us.embassy.city, ...us.consulatesGeneral]) this.add('canadianCity', city, city);
    // Cities named like everyday words ("Mobile", "Normal", "Reading") count only when capitalized.
    for (const { name, isWord } of facts.usCities.cities) this.add('usCity', name, name, isWord);
    for (const name of Object.values(facts.language).flatMap((cues) => cues?.usNames ?? []))
      this.addShortOrLong('country', 'usa', name);
    for (const p of this.byFirstWord.values()) p.sort((a, b) => b.words.length - a.words.length);
  }

  private addOffices(facts: FactBase): void {
    for (const office of facts.offices.canadianOffices) {
      this.add('officeCity', office.id, office.city);
      for (const alias of all(office.cityAliases).flat()) this.addShortOrLong('officeCity', office.id, alias);
      // Places beyond the states an office also serves (Bermuda): the subject is the office.
      for (const place of office.servesOther ? all(office.servesOther).flat() : [])
        this.add('servedPlace', office.id, place);
    }
  }

  private addAgreementsAndOrganizations(facts: FactBase): void {
    for (const a of facts.agreements.agreements) {
      for (const acronym of all(a.acronym)) this.addShortOrLong('agreement', a.id, acronym);
      for (const name of all(a.name)) this.add('agreement', a.id, name);
      for (const name of [...a.otherNames, ...all(a.aliases).flat()]) this.addShortOrLong('agreement', a.id, name);
    }
    for (const o of facts.organizations.organizations) {
      for (const acronym of o.acronym ? all(o.acronym) : []) this.addShortOrLong('organization', o.id, acronym);
      for (const name of all(o.name)) this.add('organization', o.id, name);
      for (const name of [...o.otherNames, ...all(o.aliases).flat()]) this.addShortOrLong('organization', o.id, name);
    }
  }

  private addStatesAndAreas(facts: FactBase): void {
    for (const s of facts.states.states) {
      for (const name of all(s.name)) this.add('usState', s.code, name);
      this.add('usState', s.code, s.code, s.codeIsWord);
      for (const alias of all(s.aliases).flat()) this.add('usState', s.code, alias);
    }
    for (const area of facts.environment.areas) {
      for (const alias of [...all(area.text), ...all(area.aliases).flat()])
        this.add('environmentArea', areaId(area), alias);
    }
  }

  /** A name that may be a two-capital short form ("US", "NY"), which counts only when written in capitals. */
  private addShortOrLong(type: EntityType, id: string, name: string): void {
    this.add(type, id, name, isShortForm(name));
  }

  private add(type: EntityType, id: string, name: string, caseSensitive = false): void {
    const tokens = tokenize(name);
    if (tokens.length === 0) return;
    const words = tokens.map((t) => (caseSensitive ? t.raw : matchKey(t.lower)));
    const first = matchKey(words[0]!);
    const list = this.byFirstWord.get(first) ?? [];
    if (list.some((p) => p.type === type && p.id === id && p.words.join(' ') === words.join(' '))) return;
    list.push({ words, caseSensitive, type, id });
    this.byFirstWord.set(first, list);
    for (const t of tokens) if (!caseSensitive && t.lower.length > 2) this.vocabulary.add(matchKey(t.lower));
  }

  extract(tokens: Token[], text: string): EntityMatch[] {
    const shouting = isAllUpperCase(text);
    const found: EntityMatch[] = [];
    for (let i = 0; i < tokens.length;) {
      const token = tokens[i]!;
      if (this.isZipCode(token.lower)) {
        found.push({
          type: 'zipCode',
          id: token.lower,
          text: token.raw,
          startToken: i,
          endToken: i + 1,
          startIndex: token.start,
          endIndex: token.end,
        });
        i++;
        continue;
      }
      const match = this.longestAt(tokens, i, shouting);
      if (!match) {
        i++;
        continue;
      }
      const last = tokens[i + match.words.length - 1]!;
      found.push({
        type: match.type,
        id: match.id,
        text: text.slice(tokens[i]!.start, last.end),
        startToken: i,
        endToken: i + match.words.length,
        startIndex: tokens[i]!.start,
        endIndex: last.end,
      });
      i += match.words.length;
    }
    return found;
  }

  /** Five digits whose first three are a known ZIP prefix. */
  private isZipCode(word: string): boolean {
    return /^\d{5}$/.test(word) && this.zipPrefixes.has(word.slice(0, 3));
  }

  private longestAt(tokens: Token[], i: number, shouting: boolean): Phrase | undefined {
    const candidates = this.byFirstWord.get(matchKey(tokens[i]!.lower));
    return candidates?.find((p) => {
      if (p.caseSensitive && shouting) return false;
      return p.words.every((w, k) => {
        const t = tokens[i + k];
        if (!t) return false;
        return p.caseSensitive ? t.raw === w : matchKey(t.lower) === w;
      });
    });
  }
}

/** The name in each language the fact base gives it in. */
function all<T>(v: { en: T; fr?: T | undefined }): T[] {
  return v.fr === undefined ? [v.en] : [v.en, v.fr];
}

/** Two-letter forms like "OR", "UN", "LA" (or "L.A.") are everyday words in lower case. */
function isShortForm(name: string): boolean {
  return /^\p{Lu}{2}$/u.test(name.replace(/\./g, ''));
}
