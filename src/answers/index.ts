// The one routing table: every intent in intents/ maps to exactly one answer (a test checks both ways).
import { agreementDetail, agreementsList } from './agreements.js';
import { environment } from './environment.js';
import { embassy, officeForPlace, officesList, usOfficesInCanada } from './offices.js';
import { agreementMore } from './more.js';
import { placeTypes } from './places.js';
import { organizationDetail, organizationsList } from './organizations.js';
import { borderCrossings, borderLength, overview } from './relationship.js';
import { ally, norad, securityCooperation } from './security.js';
import { decline, goodbye, greeting, help, identity, thanks } from './smalltalk.js';
import { benefits, jobs, largestCustomer, topPartner, tradeSize } from './trade.js';
import type { AnswerRoute } from './types.js';

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
  'offices.forPlace': { answer: officeForPlace, subjectTypes: placeTypes },
  'security.cooperation': { answer: securityCooperation },
  'defence.norad': { answer: norad },
  'defence.ally': { answer: ally },
  'environment.cooperation': { answer: environment, subjectTypes: ['environmentArea'] },
  'trade.size': { answer: tradeSize, more: benefits },
  'trade.largestCustomer': { answer: largestCustomer, more: benefits },
  'trade.topPartner': { answer: topPartner, more: benefits },
  'trade.jobs': { answer: jobs, more: benefits },
  'trade.benefits': { answer: benefits },
  'agreements.list': { answer: agreementsList },
  'agreements.detail': { answer: agreementDetail, subjectTypes: ['agreement'], more: agreementMore },
  'organizations.list': { answer: organizationsList, onlyCanadaUs: 'us' },
  'organizations.detail': { answer: organizationDetail, subjectTypes: ['organization'], onlyCanadaUs: 'us' },
  'smalltalk.greeting': { answer: greeting },
  'smalltalk.help': { answer: help },
  'smalltalk.thanks': { answer: thanks },
  'smalltalk.goodbye': { answer: goodbye },
  'smalltalk.identity': { answer: identity },
  None: { answer: decline },
};
