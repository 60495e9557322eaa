// The one routing table: every intent in intents/ maps to exactly one answer (a test checks both ways).
import { agreementDetail, agreementsList } from './agreements.js';
import { environment } from './environment.js';
import { embassy, officeForPlace, officesList, usOfficesInCanada } from './offices.js';
import { agreementMore } from './more.js';
import { placeTypes } from './places.js';
import { organizationDetail, organizationsList } from './organizations.js';
import { referral } from './referrals.js';
import { borderCrossings, borderLength, opinion, overview } from './relationship.js';
import { ally, norad, securityCooperation } from './security.js';
import { decline, goodbye, greeting, help, identity, thanks } from './smalltalk.js';
import { benefits, jobs, largestCustomer, topPartner, tradeSize } from './trade.js';
import type { AnswerRoute } from './types.js';

/** A referral of data/referrals.json (by id), which the need's names ("NEXUS") point to. */
function referralRoute(id: string): AnswerRoute {
  return { answer: referral(id), kind: 'referral', pointedToBy: { need: [id] } };
}

export const answerTable: Record<string, AnswerRoute> = {
  'relations.overview': { answer: overview, onlyCanadaUs: 'us' },
  'border.crossings': { answer: borderCrossings, onlyCanadaUs: 'canada' },
  'border.length': { answer: borderLength, onlyCanadaUs: 'canada' },
  'offices.embassy': { answer: embassy },
  'offices.usInCanada': {
    answer: usOfficesInCanada,
    continuedBy: ['offices.list', 'offices.embassy'],
    claimsInCanada: ['offices.list', 'offices.embassy'],
  },
  'offices.list': { answer: officesList },
  'offices.forPlace': { answer: officeForPlace, subjectTypes: placeTypes, needsName: true },
  'security.cooperation': { answer: securityCooperation },
  'defence.norad': { answer: norad },
  'defence.ally': { answer: ally },
  'environment.cooperation': { answer: environment, subjectTypes: ['environmentArea'] },
  'trade.size': { answer: tradeSize, more: benefits },
  'trade.largestCustomer': { answer: largestCustomer, more: benefits },
  'trade.topPartner': { answer: topPartner, more: benefits },
  'trade.jobs': { answer: jobs, more: benefits },
  'trade.benefits': { answer: benefits },
  'agreements.list': { answer: agreementsList, narrowsTo: 'agreements.detail' },
  'agreements.detail': { answer: agreementDetail, subjectTypes: ['agreement'], needsName: true, more: agreementMore },
  'organizations.list': { answer: organizationsList, onlyCanadaUs: 'us', narrowsTo: 'organizations.detail' },
  'organizations.detail': {
    answer: organizationDetail,
    subjectTypes: ['organization'],
    needsName: true,
    onlyCanadaUs: 'us',
  },
  'relations.opinion': { answer: opinion, kind: 'opinion' },
  'referral.travel': referralRoute('travel'),
  'referral.emergency': referralRoute('emergency'),
  'referral.passportLost': referralRoute('passportLost'),
  'referral.passportApply': referralRoute('passportApply'),
  'referral.nexus': referralRoute('nexus'),
  'referral.tariffs': referralRoute('tariffs'),
  'referral.usServices': referralRoute('usServices'),
  'referral.agreementsDetail': referralRoute('agreementsDetail'),
  'smalltalk.greeting': { answer: greeting, kind: 'smalltalk' },
  'smalltalk.help': { answer: help, kind: 'smalltalk' },
  'smalltalk.thanks': { answer: thanks, kind: 'smalltalk' },
  'smalltalk.goodbye': { answer: goodbye, kind: 'smalltalk' },
  'smalltalk.identity': { answer: identity, kind: 'smalltalk' },
  None: { answer: decline, kind: 'decline' },
};
