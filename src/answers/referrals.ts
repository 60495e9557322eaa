// Neighbouring needs the fact base does not answer (travel documents, NEXUS, a lost passport, tariffs…):
// the bot says so plainly, says what the official page covers and links it in the person's language.
// It never answers the question itself. Where it helps, it adds the emergency contacts and the Canadian
// office that serves a US place the message names.
import type { FactBase } from '../facts/loader.js';
import type { Referral } from '../facts/schema.js';
import { answer, local, say, sourceOf, sourceUrl } from './compose.js';
import { caution, describePlace } from './offices.js';
import { placesAsked } from './places.js';
import type { Answer, AnswerFunction, AnswerRequest, SourceReference } from './types.js';

/** The answer for one referral of data/referrals.json, by its id. */
export function referral(id: string): AnswerFunction {
  return (request) => referralAnswer(request, findReferral(request.facts, id));
}

function findReferral(facts: FactBase, id: string): Referral {
  const found = facts.referrals.referrals.find((r) => r.id === id);
  if (!found) throw new Error(`data/referrals.json: no referral "${id}"`);
  return found;
}

function referralAnswer(request: AnswerRequest, need: Referral): Answer {
  const { facts, language } = request;
  const page = facts.sources.get(need.source)!;
  const url = sourceUrl(page, language);
  // Paragraphs: what the bot does not cover and what the page does, the page, then what else helps.
  const lines = [
    `${say(facts, language, 'referralNotCovered')} ${local(need.covers, language)}`,
    say(facts, language, 'referralSee', { title: local(page.title, language), url }),
  ];
  const sources: SourceReference[] = [sourceOf(need)];
  if (need.emergencyContacts) {
    lines.push(local(facts.referrals.emergencyContacts.text, language));
    sources.push(sourceOf(facts.referrals.emergencyContacts));
  }
  const cautions =
    need.confidence === 'unverified' && need.confidenceNote
      ? [say(facts, language, 'unverifiedReferral', { note: local(need.confidenceNote, language) })]
      : [];
  if (need.servingOffice) {
    // "I lost my passport in Chicago": the office that serves Chicago, as the consulate finder says it
    // (not as an answer to a yes/no question: "can you help me?" is not asking whether there is an office).
    for (const place of placesAsked(request).slice(0, 1)) {
      if (place.kind === 'ambiguousCity') continue;
      const described = describePlace({ ...request, yesNo: false }, place);
      lines.push(described.text);
      sources.push(...described.offices.map(sourceOf));
      cautions.push(...described.offices.flatMap((office) => caution(facts, office, language)));
    }
  }
  return answer(request, {
    text: lines.join('\n\n'),
    sources,
    cautions,
    suggest: ['suggest.offices.forPlace', 'suggest.relations.overview', 'suggest.help'],
    subjects: request.subjects,
  });
}
