// The questions the bot declined, grouped by similarity, for the people who keep it: what was asked
// that it could not answer, commonest first, each group with its count, a few examples and the topic
// the classifier would choose for it were it not below the threshold.
//
// The distance is the recognizer's own: the same analysis (words accent-folded, the fact base's names
// replaced by what they are, so "the weather in Seattle" and "the weather in Boston" are one question)
// and the same features (nlu/features.ts: stemmed words, word pairs, character n-grams, TF-IDF weighted,
// here fitted on the declined questions themselves), compared by cosine. Groups are made greedily,
// commonest question first: a question joins the group whose centre it is nearest, if near enough.
import type { FactBase } from '../facts/loader.js';
import type { Language } from '../facts/schema.js';
import { classifierWords, EntityExtractor } from '../nlu/entities.js';
import { defaultFeatureOptions, Vectorizer, type SparseVector } from '../nlu/features.js';
import { noneIntent } from '../nlu/recognizer.js';
import { tokenize } from '../nlu/text.js';

export interface DeclinedQuestion {
  text: string;
  language: Language;
  /** ISO time. */
  time: string;
}

export interface DeclinedGroup {
  /** Times its questions were asked. */
  count: number;
  /** Its distinct questions, commonest (then most recent) first, at most `examplesPerGroup`. */
  examples: string[];
  languages: Language[];
  /** The topic the classifier leans to for these questions (None aside), and its mean probability; none below 0.01. */
  wouldBe?: { intent: string; score: number };
}

/** Every intent's probability for a text, in a language: the recognizer's. */
export type Classify = (text: string, language: Language) => Record<string, number>;

const examplesPerGroup = 5;
/** Two questions are one kind when their vectors' cosine reaches this (tuned on test/insights/insights.test.ts's sets). */
const nearEnough = 0.25;
/** The most distinct questions grouped (the commonest, then the most recent). */
const mostGrouped = 3000;
/** A group's topic hint is the classifier's mean over this many of its questions. */
const hintedExamples = 5;
/** Below this mean probability no topic is within reach: no hint (it would only be noise). */
const faintestHint = 0.01;

/** A question's words as the recognizer sees them (spelling aside), masked placeholders left out. */
export function questionWords(facts: FactBase): (text: string) => string[] {
  const extractor = EntityExtractor.for(facts);
  return (text) => {
    const cleaned = text.replace(/\[[a-z_0-9]+\]/g, ' ');
    const tokens = tokenize(cleaned);
    return classifierWords(tokens, extractor.extract(tokens, cleaned));
  };
}

interface Distinct {
  text: string;
  language: Language;
  count: number;
  latest: string;
}

interface Group {
  members: Distinct[];
  /** The sum of its members' vectors (weighted by count), by feature. */
  centre: Map<number, number>;
  centreNorm2: number;
}

/** The declined questions in groups of alike questions, commonest group first (see the module's comment). */
export function groupDeclined(
  questions: DeclinedQuestion[],
  words: (text: string) => string[],
  classify?: Classify,
): DeclinedGroup[] {
  const distinct = distinctQuestions(questions);
  const ofLanguage = (language: Language) => distinct.filter((q) => q.language === language);
  const groups = (['en', 'fr'] as const).flatMap((language) => groupLanguage(ofLanguage(language), language, words));
  return commonestFirst(groups).map(({ count, members }) => describeGroup(count, members, classify));
}

/**
 * The same question asked again (case and spacing aside) is counted, not grouped. Commonest, then most
 * recent first; at most `mostGrouped`.
 */
function distinctQuestions(questions: DeclinedQuestion[]): Distinct[] {
  const distinct = new Map<string, Distinct>();
  for (const q of questions) {
    const key = `${q.language}:${q.text.toLowerCase().replace(/\s+/g, ' ').trim()}`;
    const found = distinct.get(key);
    if (!found) distinct.set(key, { text: q.text, language: q.language, count: 1, latest: q.time });
    else {
      found.count++;
      if (q.time > found.latest) found.latest = q.time;
    }
  }
  return [...distinct.values()]
    .sort((a, b) => b.count - a.count || b.latest.localeCompare(a.latest))
    .slice(0, mostGrouped);
}

/** The questions of one language, grouped in their order, by features fitted on these questions alone. */
function groupLanguage(questions: Distinct[], language: Language, words: (text: string) => string[]): Group[] {
  if (!questions.length) return [];
  const { vectors } = Vectorizer.fit(
    questions.map((q) => words(q.text)),
    { ...defaultFeatureOptions, language },
  );
  const grouping = new Grouping();
  questions.forEach((question, i) => grouping.add(question, vectors[i]!));
  return grouping.groups;
}

/**
 * Greedy grouping: a question joins the group whose centre is nearest by cosine, if near enough, or
 * starts a group of its own. An index from each feature to the groups whose centres have it keeps the
 * comparison to the groups that share a feature with the question.
 */
class Grouping {
  readonly groups: Group[] = [];
  private readonly groupsWithFeature = new Map<number, Set<number>>();

  add(question: Distinct, vector: SparseVector): void {
    this.join(this.nearest(vector) ?? this.startGroup(), question, vector);
  }

  /** A new empty group; its index. */
  private startGroup(): number {
    this.groups.push({ members: [], centre: new Map(), centreNorm2: 0 });
    return this.groups.length - 1;
  }

  /** The question joins the group: its vector, weighted by its count, is added to the centre. */
  private join(index: number, question: Distinct, vector: SparseVector): void {
    const group = this.groups[index]!;
    group.members.push(question);
    for (let k = 0; k < vector.indices.length; k++) {
      const feature = vector.indices[k]!;
      const before = group.centre.get(feature) ?? 0;
      const after = before + vector.values[k]! * question.count;
      group.centre.set(feature, after);
      group.centreNorm2 += after * after - before * before;
      let holders = this.groupsWithFeature.get(feature);
      if (!holders) this.groupsWithFeature.set(feature, (holders = new Set()));
      holders.add(index);
    }
  }

  /** The group whose centre is nearest the vector, when its cosine reaches `nearEnough` (the first on a tie). */
  private nearest(vector: SparseVector): number | undefined {
    const norm = Math.sqrt(squaredNorm(vector));
    if (!(norm > 0)) return undefined;
    let best: number | undefined;
    let bestCosine = 0;
    for (const [g, dot] of this.dotProducts(vector)) {
      const cosine = dot / (norm * Math.sqrt(this.groups[g]!.centreNorm2));
      if (cosine > bestCosine) [best, bestCosine] = [g, cosine];
    }
    return bestCosine >= nearEnough ? best : undefined;
  }

  /** The vector's dot product with the centre of each group that shares a feature with it. */
  private dotProducts(vector: SparseVector): Map<number, number> {
    const dots = new Map<number, number>();
    for (let k = 0; k < vector.indices.length; k++) {
      const feature = vector.indices[k]!;
      for (const g of this.groupsWithFeature.get(feature) ?? [])
        dots.set(g, (dots.get(g) ?? 0) + vector.values[k]! * this.groups[g]!.centre.get(feature)!);
    }
    return dots;
  }
}

/** Groups by the times their questions were asked, then by their most recent question. */
function commonestFirst(groups: Group[]): { count: number; members: Distinct[] }[] {
  return groups
    .map((group) => ({
      count: group.members.reduce((sum, m) => sum + m.count, 0),
      latest: group.members.reduce((latest, m) => (m.latest > latest ? m.latest : latest), ''),
      members: group.members,
    }))
    .sort((a, b) => b.count - a.count || b.latest.localeCompare(a.latest));
}

/** A group as the page shows it: its count, its first examples, its languages and, when asked, its topic hint. */
function describeGroup(count: number, members: Distinct[], classify?: Classify): DeclinedGroup {
  const examples = members.slice(0, examplesPerGroup);
  const wouldBe = classify ? hint(examples.slice(0, hintedExamples), classify) : undefined;
  return {
    count,
    examples: examples.map((m) => m.text),
    languages: [...new Set(members.map((m) => m.language))],
    ...(wouldBe ? { wouldBe } : {}),
  };
}

function squaredNorm(vector: SparseVector): number {
  let sum = 0;
  for (const value of vector.values) sum += value * value;
  return sum;
}

/** The intent other than None with the highest mean probability over the questions. */
function hint(questions: Distinct[], classify: Classify): DeclinedGroup['wouldBe'] {
  const sums = new Map<string, number>();
  for (const q of questions)
    for (const [intent, score] of Object.entries(classify(q.text, q.language)))
      if (intent !== noneIntent) sums.set(intent, (sums.get(intent) ?? 0) + score);
  const best = [...sums].sort((a, b) => b[1] - a[1])[0];
  const score = best ? best[1] / questions.length : 0;
  return best && score >= faintestHint ? { intent: best[0], score: Math.round(score * 1000) / 1000 } : undefined;
}
