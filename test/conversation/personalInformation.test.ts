// Personal information is masked before anything is written: realistic messages in English and French,
// with what people on either side of the border type (phone numbers, addresses, passports, postal and
// ZIP codes, e-mail addresses, names, dates of birth), hidden or not; and what a question is about
// (a 5-digit ZIP code, a year, a figure, "a 24 hour crossing") stays.
import { describe, expect, it } from 'vitest';
import { maskedAndShortened, maskPersonalInformation } from '../../src/conversation/personalInformation.js';

/** The message, what it must become. */
const english: [string, string][] = [
  [
    'Hi, my name is Jean Tremblay and I lost my passport AB123456 in Chicago, what do I do?',
    'Hi, my name is [name] and I lost my passport [passport] in Chicago, what do I do?',
  ],
  [
    'my US passport number is A12345678, can I still cross at Lacolle?',
    'my US passport number is [passport], can I still cross at Lacolle?',
  ],
  ['passport 123456789 expired last week', 'passport [number] expired last week'],
  ['lost passport ab 123456 help', 'lost passport [passport] help'],
  [
    'I live at 1600 Pennsylvania Avenue NW, Washington, DC 20500-0003. Which consulate serves me?',
    'I live at [street_address], Washington, DC [zip_plus_4]. Which consulate serves me?',
  ],
  [
    'Send the forms to 233 S. Wacker Drive, Suite 300, Chicago IL 60606',
    'Send the forms to [street_address], Chicago IL 60606',
  ],
  ['What is NORAD? I’m at 45 Elm St, Apt 3 in Buffalo', 'What is NORAD? I’m at [street_address] in Buffalo'],
  [
    'call me at (613) 555-0199 or 1-800-555-0199 ext. 42 about the tariffs',
    'call me at [phone_number] or [phone_number] about the tariffs',
  ],
  ['my cell is +1 202.555.0143, text me', 'my cell is [phone_number], text me'],
  ['UK number +44 20 7946 0958', 'UK number [phone_number_international]'],
  ['write to jean.tremblay@example.ca with the answer', 'write to [email] with the answer'],
  ['I was born on 1985-04-12 in Buffalo, am I Canadian?', 'I was born on [date_of_birth] in Buffalo, am I Canadian?'],
  ['date of birth: April 12, 1985', 'date of birth: [date_of_birth]'],
  ['my SIN is 046 454 286 and my card 4111 1111 1111 1111', 'my SIN is [sin] and my card [credit_card]'],
  ['my postal code is K1A 0G2', 'my postal code is [postal_code]'],
  ['my zip is 10001-2345, nearest consulate?', 'my zip is [zip_plus_4], nearest consulate?'],
  ['case number 2024-0012345-00 at CBSA', 'case number [number] at CBSA'],
];

const french: [string, string][] = [
  [
    'Bonjour, je m’appelle Marie-Ève Côté, mon numéro de passeport est gh 654321, aidez-moi',
    'Bonjour, je m’appelle [name], mon numéro de passeport est [passport], aidez-moi',
  ],
  ["je m'appelle luc et je vis à Boston", "je m'appelle [name] et je vis à Boston"],
  [
    "J'habite au 125, promenade Sussex, Ottawa (Ontario) K1A 0G2, quel consulat?",
    "J'habite au [street_address], Ottawa (Ontario) [postal_code], quel consulat?",
  ],
  ['mon adresse : 1234, boul. René-Lévesque Ouest, app. 5, Montréal', 'mon adresse : [street_address], Montréal'],
  ['Je suis au 24 rue Sussex.', 'Je suis au [street_address].'],
  ['appelez-moi au 514 555-0199 poste 123 svp', 'appelez-moi au [phone_number] svp'],
  ['mon cellulaire : 418.555.0147', 'mon cellulaire : [phone_number]'],
  ['mon numéro : 1 613 555 0199, rappelez-moi', 'mon numéro : [phone_number], rappelez-moi'],
  ['joignez-moi au +1 613 555 0199', 'joignez-moi au [phone_number]'],
  ['écrivez à hélène.côté@exemple.qc.ca', 'écrivez à [email]'],
  ['date de naissance : 12 avril 1985, suis-je citoyen?', 'date de naissance : [date_of_birth], suis-je citoyen?'],
  ['je suis né le 3 mars 1990 à Québec', 'je suis né le [date_of_birth] à Québec'],
  ['mon NAS est 046-454-286', 'mon NAS est [sin]'],
];

/** What a question is about: nothing here is personal. */
const questions = [
  'Which consulate serves 90210?',
  'Quel consulat dessert le code postal 98101?',
  'What was trade with the US in 2024?',
  'How did trade change between 1994-2020 under NAFTA?',
  'How long is the 8,891 km border?',
  'Le commerce dépasse-t-il 1 000 000 $ par jour?',
  'Est-ce que 400 000 personnes traversent la frontière chaque jour?',
  "C'est vrai que 500 000 Américains travaillent pour des compagnies canadiennes?",
  'What was the Auto Pact of 1965 all about?',
  'My grandson is 17 and wants to drive to Detroit, does he need a letter?',
  'Is there a 24 hour crossing near Niagara?',
  'How many people cross at the 4 lane crossing in Detroit?',
  'What happened on 9/11 at the border?',
  'the 49th parallel',
  'I’m Canadian living in Seattle, where is the consulate?',
  'Où est l’ambassade à Washington?',
];

describe('masking personal information', () => {
  it.each(english)('in English: %s', (message, masked) => {
    expect(maskPersonalInformation(message)).toBe(masked);
  });

  it.each(french)('in French: %s', (message, masked) => {
    expect(maskPersonalInformation(message)).toBe(masked);
  });

  it.each(questions)('keeps what the question is about: %s', (question) => {
    expect(maskPersonalInformation(question)).toBe(question);
  });

  it('masks what is hidden with zero-width or fullwidth characters', () => {
    expect(maskPersonalInformation('write to jean.tremblay@exa\u200Bmple.ca please')).toBe('write to [email] please');
    expect(maskPersonalInformation('jean\u200D.tremblay\u2060@example.ca')).toBe('[email]');
    expect(maskPersonalInformation('mail ｊｅａｎ＠ｅｘａｍｐｌｅ．ｃａ')).toBe('mail [email]');
    expect(maskPersonalInformation('call 613\u200B-555\u200B-0199')).toBe('call [phone_number]');
    expect(maskPersonalInformation('passport ＡＢ１２３４５６')).toBe('passport [passport]');
  });

  it('cannot be fooled into keeping a number by the characters it uses to keep figures', () => {
    expect(maskPersonalInformation('\uE0000\uE001 613-555-0199')).toBe('0 [phone_number]');
  });

  it('leaves no run of seven digits, whatever the message', () => {
    const messages = [...english, ...french].map(([message]) => message);
    for (const message of messages) expect(maskPersonalInformation(message)).not.toMatch(/\d[\d\s().-]{5,}\d/);
  });

  it('masks the whole message before cutting it, so nothing is cut half unmasked', () => {
    const long = `${'about the border '.repeat(11)}call 613-555-0199`;
    const short = maskedAndShortened(long, 190);
    expect(short.length).toBeLessThanOrEqual(190);
    expect(short).not.toMatch(/\d{3}/);
    expect(short.endsWith('…')).toBe(true);
  });
});
