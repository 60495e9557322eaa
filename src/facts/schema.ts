// The shape of every file in data/. Validated once at start-up: a bad file stops the bot with the
// file and field named, rather than failing later in the middle of a conversation.
import { z } from 'zod';

export const languages = ['en', 'fr'] as const;
export type Language = (typeof languages)[number];

/** Text meant for users, per language (a test checks that every English text has its French). */
const localizedText = z.object({ en: z.string().min(1), fr: z.string().min(1).optional() }).strict();
export type LocalizedText = z.infer<typeof localizedText>;

const localizedList = z.object({ en: z.array(z.string().min(1)), fr: z.array(z.string().min(1)).optional() }).strict();

/** "As of" dates: a year, a month or a day, as precise as the source is. */
const asOf = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD');
const sourceId = z.string().min(1);
const confidence = z.enum(['verified', 'unverified']);

/** Every statement a user can read carries where it comes from and when it was true. */
const sourced = {
  source: sourceId,
  asOf,
  confidence: confidence.default('verified'),
  confidenceNote: localizedText.optional(),
};

const fact = z
  .object({
    id: z.string().min(1),
    text: localizedText,
    ...sourced,
    detail: localizedText.optional(),
    detailSource: sourceId.optional(),
    detailAsOf: asOf.optional(),
    aliases: localizedList.optional(),
    /** A yes/no question gets "Yes." first only when it uses one of these words (the fact's own claim). */
    yesWhenAsked: localizedList.optional(),
  })
  .strict();
export type Fact = z.infer<typeof fact>;

export const sourcesFile = z.object({
  sources: z
    .array(
      z
        .object({
          id: z.string().min(1),
          title: localizedText,
          url: z.string().url(),
          /** The French version of the page, where there is one. */
          urlFr: z.string().url().optional(),
          /**
           * What the dates of facts from this source mean: when the content was published (the source
           * gives a date), when we retrieved the page (it gives none), or, for a page we only send people
           * to, when we last checked its address.
           */
          dates: z.enum(['published', 'retrieved', 'checked']),
          /** The facts come from a copy of the page stored here: the live page may have changed since. */
          storedCopy: z.boolean().optional(),
        })
        .strict(),
    )
    .min(1),
});
export type Source = z.infer<typeof sourcesFile>['sources'][number];

export const relationshipFile = z.object({ summary: fact, details: z.array(fact).min(1) }).strict();
export const borderFile = z.object({ length: fact, crossings: fact }).strict();
export const securityFile = z.object({ summary: fact, areas: z.array(fact).min(1), together: fact }).strict();
export const defenceFile = z.object({ ally: fact, peaceAndSecurity: fact, norad: fact }).strict();
export const environmentFile = z
  .object({ summary: fact, intro: fact, areas: z.array(fact.required({ aliases: true })).min(1) })
  .strict();
export const tradeFile = z
  .object({
    size: fact,
    history: fact,
    largestCustomer: fact,
    topPartner: fact,
    jobs: fact,
    benefitsIntro: fact,
    benefits: z.array(fact).min(1),
  })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/);
const agreement = z
  .object({
    id: z.string().min(1),
    acronym: localizedText,
    name: localizedText,
    otherNames: z.array(z.string()),
    aliases: localizedList,
    status: z.enum(['inForce', 'superseded', 'notConcluded']),
    statusText: localizedText,
    signed: isoDate.optional(),
    inForce: isoDate.optional(),
    ended: isoDate.optional(),
    concluded: isoDate.optional(),
    /** Agreements this one replaced or was replaced by (ids), shown on "tell me more". */
    related: z.array(z.string()).optional(),
    ...sourced,
  })
  .strict();
export const agreementsFile = z
  .object({ listSource: sourceId, listAsOf: asOf, agreements: z.array(agreement).min(1) })
  .strict();

const organization = z
  .object({
    id: z.string().min(1),
    acronym: localizedText.nullable(),
    name: localizedText,
    otherNames: z.array(z.string()),
    aliases: localizedList,
    founded: z.string().regex(/^\d{4}$/),
    membership: localizedText,
    /** Both countries are full members (the Pacific Alliance has them as observers). */
    bothMembers: z.boolean(),
    ...sourced,
  })
  .strict();
export const organizationsFile = z
  .object({ listSource: sourceId, listAsOf: asOf, organizations: z.array(organization).min(1) })
  .strict();

const stateCode = z.string().regex(/^[A-Z]{2}$/);
/** codeIsWord: the code is also an everyday word in English or French ("in", "or", "il", "va"), so it counts only in capitals. */
const state = z
  .object({ code: stateCode, name: localizedText, aliases: localizedList, codeIsWord: z.boolean() })
  .strict();
export const statesFile = z.object({ source: sourceId, asOf, states: z.array(state).min(50) }).strict();

const office = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['embassy', 'consulateGeneral']),
    /** For grouping the list of offices. */
    region: localizedText,
    city: z.string().min(1),
    /** The city's name in data/us-cities.json when it differs ("New York City"). */
    gazetteerName: z.string().min(1).optional(),
    state: stateCode,
    name: localizedText,
    serves: z.array(stateCode).min(1),
    servesPart: z.record(stateCode, localizedText).optional(),
    servesOther: localizedList.optional(),
    address: z.string().optional(),
    cityAliases: localizedList,
    detailsUrl: z.string().url(),
    ...sourced,
  })
  .strict();
export type Office = z.infer<typeof office>;
export const officesFile = z
  .object({
    listSource: sourceId,
    listAsOf: asOf,
    otherOffices: z.object({ text: localizedText, ...sourced }).strict(),
    canadianOffices: z.array(office).min(1),
    usOfficesInCanada: z
      .object({
        embassy: z.object({ city: z.string(), name: localizedText }).strict(),
        consulatesGeneral: z.array(z.string()).min(1),
        ...sourced,
      })
      .strict(),
  })
  .strict();

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/**
 * US cities from GeoNames (generated by scripts/build-us-cities.ts), stored compactly as rows
 * [name, state, population, latitude, longitude, name is an English word] and read as named objects.
 */
const usCityRow = z
  .tuple([z.string().min(1), stateCode, z.number().int().nonnegative(), latitude, longitude, z.boolean()])
  .transform(([name, state, population, latitude, longitude, isWord]) => ({
    name,
    state,
    population,
    latitude,
    longitude,
    /** Named like an everyday word ("Mobile", "Normal"): recognized only when capitalized. */
    isWord,
  }));
export type UsCity = z.output<typeof usCityRow>;
export const usCitiesFile = z
  .object({
    source: sourceId,
    asOf,
    generatedFrom: z.string(),
    minPopulation: z.number().int().positive(),
    cities: z.array(usCityRow).min(1),
  })
  .strict();

/** ZIP code prefixes (generated by scripts/build-us-zip-prefixes.ts): prefix → [state or territory, latitude, longitude]. */
const zipPlace = z
  .tuple([z.string().regex(/^[A-Z]{2}$/), latitude, longitude])
  .transform(([state, latitude, longitude]) => ({ state, latitude, longitude }));
export const usZipPrefixesFile = z
  .object({
    source: sourceId,
    asOf,
    generatedFrom: z.string(),
    prefixes: z.record(z.string().regex(/^\d{3}$/), zipPlace),
    exceptions: z.record(z.string().regex(/^\d{5}$/), zipPlace),
  })
  .strict();

/**
 * A neighbouring need the fact base does not answer (travel documents, NEXUS, a lost passport…): the
 * official page that does, what it covers, and the words that name the need.
 */
const referral = z
  .object({
    id: z.string().min(1),
    intent: z.string().regex(/^referral\./, 'a referral intent: referral.<need>'),
    names: localizedList,
    /** One sentence on what the official page covers. */
    covers: localizedText,
    ...sourced,
    /** Add the Canadian office that serves a US place the message names ("I lost my passport in Chicago"). */
    servingOffice: z.boolean().default(false),
    /** Add the 24/7 emergency contacts. */
    emergencyContacts: z.boolean().default(false),
  })
  .strict();
export type Referral = z.infer<typeof referral>;
export const referralsFile = z
  .object({
    emergencyContacts: z.object({ id: z.string().min(1), text: localizedText, ...sourced }).strict(),
    referrals: z.array(referral).min(1),
  })
  .strict();

export const stringsFile = z.object({ strings: z.record(z.string(), localizedText) }).strict();

const languageCues = z
  .object({
    followUpWords: z.array(z.string()),
    anaphora: z.array(z.string()),
    /** The pronouns of `anaphora` that stand for a thing ("it", "ça"), not for the two countries ("they", "ils"). */
    thingAnaphora: z.array(z.string()),
    /** Regular expressions, on accent-folded lower-case words, for a pronoun no single word shows (the French elided "l'" of "on l'appelle"). */
    anaphoraPatterns: z.array(z.string()),
    yesNoStarts: z.array(z.string()),
    /** Regular expressions for yes/no questions that do not start with a telling word ("Le Canada est-il…?"). */
    yesNoPatterns: z.array(z.string()),
    otherCountries: z.array(z.string()),
    /** Names of the United States, recognized in every language; a two-capital form ("US") only in capitals. */
    usNames: z.array(z.string()),
    /** Words naming Canada ("canada", "canadian"): with another country named, a question about the border must name Canada too. */
    canadaWords: z.array(z.string()),
    /** Accent-folded words or phrases of the relationship ("border", "softwood lumber"): a message with one is about Canada–US relations. */
    domainWords: z.array(z.string()),
    /**
     * Accent-folded words that ask ("how", "which", "combien", "quoi"): a sentence without one (and not
     * shaped as a yes/no question or a request) is context, not a question; after a joiner ("and how…")
     * one starts a new question.
     */
    questionWords: z.array(z.string()),
    /** Accent-folded phrases of a question asked indirectly ("my students want to know if…", "je me demande combien…"). */
    indirectQuestions: z.array(z.string()),
    /** Accent-folded words that start a request ("tell me…", "list…", "donne-moi…"). */
    requestStarts: z.array(z.string()),
    /** Accent-folded words that number a list of questions when followed by "," or ":" ("first,", "deuxièmement :"). */
    ordinals: z.array(z.string()),
    /** Words that join two questions in one sentence ("and", "also", "et"). */
    questionJoiners: z.array(z.string()),
    /** How a short follow-up begins ("and in miles?", "et en milles ?"): it continues the last topic. */
    continuationStarts: z.array(z.string()),
    /** Words of a membership question ("Is Canada a member of NATO?"): only those get a yes about an organization. */
    membershipWords: z.array(z.string()),
    /** Asking for this language: accent-folded, lower-case phrases ("en francais", "english please"). */
    switchRequests: z.array(z.string()),
    /** Asking for more on the last answer ("tell me more", "why?"): accent-folded, lower-case, whole messages. */
    moreRequests: z.array(z.string()),
    /** Regular expressions, on accent-folded lower-case words, for offices located in Canada ("embassy in Canada", "villes canadiennes"). */
    inCanada: z.array(z.string()),
  })
  .strict();
export type LanguageCues = z.infer<typeof languageCues>;
export const languageFile = z.object({ en: languageCues, fr: languageCues.optional() }).strict();
