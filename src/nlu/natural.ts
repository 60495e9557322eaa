// The parts of `natural` we use, loaded one module at a time: the package's index pulls in every
// storage backend and WordNet, which costs about a second of start-up and prints dotenv notices.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Stemmer {
  stem(token: string): string;
}

export const stemmers: Record<'en' | 'fr', Stemmer> = {
  en: require('natural/lib/natural/stemmers/porter_stemmer.js'),
  fr: require('natural/lib/natural/stemmers/porter_stemmer_fr.js'),
};

const distances: {
  DamerauLevenshteinDistance: (a: string, b: string, options?: { search?: boolean }) => number;
} = require('natural/lib/natural/distance/levenshtein_distance.js');

export const damerauLevenshtein = (a: string, b: string): number => distances.DamerauLevenshteinDistance(a, b);
