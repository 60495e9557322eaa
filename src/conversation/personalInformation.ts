// Personal information masked out of what people typed before anything of it is written (the turn
// events, the conversation's remembered question): the Canadian Digital Service's maintained patterns
// (@cdssnc/sanitize-pii: North American and international phone numbers, postal codes, SIN, Canadian
// passports, health cards, driver's licences, credit cards, bank accounts, PRI, IP addresses, PO boxes),
// and around them what this bot's questions add — e-mail addresses (which the library does not cover),
// US and Canadian passport numbers however they are written, ZIP+4 codes, street addresses in the forms
// people write on both sides of the border ("233 S. Wacker Drive", "125, promenade Sussex", "Apt 4B";
// these replace the library's two address patterns, see below), phone numbers with an extension, a
// name given to the bot ("my name is…", "je m'appelle…"), a date of birth, and any other long number.
// A plain 5-digit ZIP code, a year and a figure stay: people ask which consulate serves 90210, or
// whether 400 000 people cross the border each day.
import { defaultPatterns, PiiSanitizer, type PiiPattern } from '@cdssnc/sanitize-pii';

/** Street types, English (Canada and the US) and French, as people write them in an address. */
const englishStreetTypes =
  'street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|place|pl|way|crescent|cres|circle|cir|parkway|pkwy|terrace|ter|square|sq|trail|trl|close|cl|grove|grv|heights|hts|hill|park|gardens|gdns|manor|mnr|estates|valley|vly|view|vw|point|pt|ridge|rdg|bay|cove|cv|mews|row|common|green|grn|landing|lndg|crossing|xing|glen|gln|meadow|mdw|pass|run|bend|curve|fork|gap|hollow|knoll|lock|mill|orchard|path|pine|pond|shore|spring|summit|trace|track|turnpike|tpke|walk|wlk|woods|private|highway|hwy|route|rte|plaza|plz|alley|aly|promenade|gate|pike|loop';
const frenchStreetTypes =
  'rue|avenue|av|boulevard|boul|bd|chemin|ch|promenade|prom|place|pl|route|rte|rang|montée|montee|côte|cote|croissant|allée|allee|impasse|imp|quai|voie|terrasse|carré|carre|sentier|autoroute|square';
/** One word of a street's name: "Pennsylvania", "Saint-Laurent", "l'Église", "O'Connor", "5th". */
const nameWord = "[\\p{L}\\d](?:[\\p{L}\\d'’-]|\\.(?=[\\p{L}\\d]))*";
const unit = '(?:\\s*,?\\s*(?:apt|apartment|app|appartement|unit|unité|suite|bureau|#)\\.?\\s*[\\p{L}\\d-]+)?';
const directional = '(?:\\s+(?:N|S|E|W|NE|NW|SE|SW|north|south|east|west|nord|sud|est|ouest)\\b\\.?)?';

/** Words that carry a sentence on after a name, in either language. */
const sentenceWords =
  "and|but|i|i'm|from|in|at|my|is|am|with|who|et|mais|je|j'ai|de|du|des|à|a|mon|ma|mes|est|suis|avec|qui|here|ici|please|svp";
/** Words of a sentence, never part of a street's name: "he is 17 and wants to drive". */
const notStreetNames =
  'and|or|to|the|a|an|of|in|on|at|for|from|is|are|was|were|be|it|i|you|he|she|we|they|my|your|his|her|our|their|this|that|wants?|will|can|could|would|should|must|need|needs|has|have|had|do|does|did|then|than|with|about|et|ou|le|la|les|un|une|des|du|à|au|aux|en|sur|pour|par|est|sont|il|elle|je|tu|nous|vous|ils|elles|mon|ma|mes|qui|que';
/** A number with a measure after it is a figure, not an address: "a 24 hour crossing", "a 4 lane bridge". */
const measureWords =
  'hours?|lanes?|km|kms|kilometres?|kilometers?|miles?|minutes?|days?|people|heures?|voies?|jours?|personnes';

/** Before the library's patterns: the forms its patterns would miss, cut short or name wrongly. */
const ourPatternsFirst: PiiPattern[] = [
  {
    name: 'email',
    regex: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu,
    description: 'E-mail address',
  },
  {
    // "my name is Jean Tremblay", "je m'appelle marie-ève côté et…": the name, up to three words (the
    // words that carry on the sentence, "and", "et", "je"…, are not part of it).
    name: 'name',
    regex: new RegExp(
      `(?<=\\b(?:my name is|my name's|i am called|i'm called|je m'appelle|je m’appelle|je me nomme|mon nom est|mon nom c'est|mon nom c’est)\\s+)\\p{L}[\\p{L}'’-]*(?:\\s+(?!(?:${sentenceWords})(?![\\p{L}'’-]))\\p{L}[\\p{L}'’-]*){0,2}`,
      'giu',
    ),
    description: 'A name given to the bot',
  },
  {
    name: 'date_of_birth',
    regex:
      /(?<=\b(?:born(?: on)?|date of birth|birth ?date|dob|née?(?: le)?|date de naissance)\s*:?\s*)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}(?:er)?\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4})/giu,
    description: 'Date of birth',
  },
  {
    // The library's SIN pattern also takes the space after it.
    name: 'sin',
    regex: /(?<![\w-])\d{3}[-.\s]\d{3}[-.\s]\d{3}(?![\w-])/g,
    description: 'Social Insurance Number',
  },
  {
    // Nine digits alone: a SIN or a US passport written without spaces (the library would call it a
    // Nova Scotia driver's licence and take the space before it).
    name: 'number',
    regex: /(?<![\w-])\d{9}(?![\w-])/g,
    description: 'Nine digits: a SIN or a US passport number',
  },
  {
    name: 'zip_plus_4',
    regex: /\b\d{5}[-–]\d{4}\b/g,
    description: 'US ZIP+4 code',
  },
  {
    // The library's Canadian passport pattern wants capitals: people type "ab123456" too.
    name: 'passport',
    regex: /\b[a-z]{2}[-\s]?\d{6}\b/gi,
    description: 'Canadian passport number (2 letters, 6 digits), any case',
  },
  {
    // A US passport book or card since 2021 (older ones are 9 digits: a long number, below).
    name: 'passport',
    regex: /\b[a-z]\d{8}\b/gi,
    description: 'US passport number (a letter and 8 digits)',
  },
  {
    // "1600 Pennsylvania Avenue NW", "233 S. Wacker Drive, Suite 300", "350 Fifth Ave".
    name: 'street_address',
    regex: new RegExp(
      `\\b\\d+[a-z]?(?:-\\d+)?\\s+(?!(?:${measureWords})\\b)(?:(?!(?:${notStreetNames})\\s)${nameWord}\\.?\\s+){1,3}(?:${englishStreetTypes})\\b\\.?${directional}${unit}`,
      'giu',
    ),
    description: 'Street address (English)',
  },
  {
    // "125, promenade Sussex", "24 rue Sussex", "1234, boul. René-Lévesque Ouest, app. 5".
    name: 'street_address',
    regex: new RegExp(
      `\\b\\d+[a-z]?(?:-\\d+)?\\s*,?\\s+(?:${frenchStreetTypes})\\b\\.?(?:\\s+(?:de la|de l'|de l’|des|du|de|d'|d’))?\\s*${nameWord}(?:\\s+${nameWord}){0,2}?${directional}${unit}(?=[\\s,.;:!?)]|$)`,
      'giu',
    ),
    description: 'Street address (French)',
  },
  {
    // A North American number with an extension: "613-555-0199 ext. 42", "poste 42".
    name: 'phone_number',
    regex:
      /(?<![\w-])(?:\+?1[-.\s]?)?\(?\d{3}\)?[-.\s]?\d{3}[-.\s]?\d{4}\s*(?:,\s*)?(?:ext|extension|x|poste|p)\.?\s*\d{1,6}\b/giu,
    description: 'Phone number with an extension',
  },
];

/** After the library's patterns: what is left of a long number (an account, a case number, a phone written oddly). */
const ourPatternsLast: PiiPattern[] = [
  {
    name: 'id_number',
    regex: /\b[a-z]{1,2}[-\s]?\d{6,}\b/gi,
    description: 'A document number: one or two letters and six digits or more',
  },
  {
    name: 'number',
    regex: /\+?\d[\d\s().-]{5,}\d/g,
    description: 'Any other number of seven or more characters',
  },
];

/**
 * Figures that look like long numbers but are what the question is about: a range of years
 * ("1994-2020") and a number grouped by thousands with spaces, French style ("500 000 Américains",
 * "1 000 000 $"), but not three groups of three (a SIN) nor one followed by more digits (a phone number,
 * "613 555 0199"). They are put aside while the patterns run, then put back.
 */
const figures = new RegExp(
  [
    '\\b(?:19|20)\\d\\d\\s?[-–]\\s?(?:19|20)\\d\\d\\b',
    '(?<![\\d.,+-]\\s?)\\b(?!\\d{3}\\s\\d{3}\\s\\d{3}\\b)\\d{1,3}(?:[ \\u00a0\\u202f]\\d{3})+\\b(?![\\s.,]?[\\d(-])',
  ].join('|'),
  'gu',
);

/**
 * The library's patterns, but for its street addresses, which take a number, a word and a street type
 * anywhere in a sentence: in this bot's questions "a 24 hour crossing" (a border crossing) and "the
 * Auto Pact of 1965 all about" ("all", allée). Ours (above) take the same street types and more forms
 * of address, and leave out figures and the words of a sentence.
 */
const libraryPatterns = defaultPatterns.filter((pattern) => !pattern.name.startsWith('address_'));

const sanitizer = new PiiSanitizer({
  useDefaultPatterns: false,
  patterns: [...ourPatternsFirst, ...libraryPatterns, ...ourPatternsLast],
  replacementTemplate: '[{name}]',
});

function sanitizeKeepingFigures(text: string): string {
  const kept: string[] = [];
  const shielded = text.replace(figures, (figure) => `\u{E000}${kept.push(figure) - 1}\u{E001}`);
  return sanitizer.sanitize(shielded).replace(/\u{E000}(\d+)\u{E001}/gu, (_, i: string) => kept[Number(i)]!);
}

/**
 * The text with personal information replaced by its kind in brackets ("[email]", "[phone_number]",
 * "[street_address]"…). The text is normalized first (NFKC: fullwidth ＠ and digits become ASCII) and
 * stripped of invisible format characters (zero-width spaces and joiners, bidi controls, soft hyphens),
 * which would otherwise split an address so that no pattern sees it.
 */
export function maskPersonalInformation(text: string): string {
  return sanitizeKeepingFigures(text.normalize('NFKC').replace(/[\p{Cf}\u{E000}\u{E001}]/gu, ''));
}

/**
 * Masked, then cut to at most `longest` characters (an ellipsis marks the cut). Masked whole first, so
 * that a number cut in two is never written half unmasked.
 */
export function maskedAndShortened(text: string, longest: number): string {
  const masked = maskPersonalInformation(text.trim());
  return masked.length > longest ? `${masked.slice(0, longest - 1)}…` : masked;
}
