// "Tell me more", "why?": the next level of detail from the fact base, then "that's all" with the source.
import { describe, expect, it } from 'vitest';
import { conversation } from '../support/conversation.js';

describe('tell me more', () => {
  it('gives an agreement its dates and the agreement it replaced, then says that is all (English)', () => {
    const say = conversation('en');
    expect(say('what is cusma').reply.suggestions).toContain('Tell me more');
    const more = say('tell me more');
    expect(more.resolution?.via).toBe('more');
    expect(more.reply.text).toContain('signed November 30, 2018');
    expect(more.reply.text).toContain('in force July 1, 2020');
    // CUSMA replaced NAFTA, which replaced CUSFTA.
    expect(more.reply.text).toMatch(/CUSFTA.*superseded by NAFTA/);
    const last = say('more details');
    expect(last.reply.text).toContain("That's all I have on this");
    expect(last.reply.text).toContain('Source:');
    expect(last.reply.suggestions).not.toContain('Tell me more');
  });

  it('does the same in French, with French dates', () => {
    const say = conversation('fr');
    say("qu'est-ce que l'ACEUM");
    const more = say("Dites-m'en plus !");
    expect(more.reply.text).toContain('signé le 30 novembre 2018');
    expect(more.reply.text).toContain('en vigueur le 1er juillet 2020');
    expect(more.reply.text).toContain("remplacé par l'ALENA");
    expect(say('pourquoi ?').reply.text).toContain("C'est tout ce que j'ai à ce sujet");
  });

  it('answers "why?" after a trade figure with what trade brings', () => {
    const say = conversation('en');
    say('how big is trade between canada and the us');
    const why = say('why?');
    expect(why.intent).toBe('trade.size');
    expect(why.reply.text).toContain('grow stronger economies together');
  });

  it('says that is all, with the sources, where the fact base has nothing more', () => {
    const say = conversation('en');
    say('where is the embassy');
    const more = say('tell me more');
    expect(more.reply.text).toContain("That's all I have on this");
    expect(more.reply.text).toContain('connect2canada.com');
  });

  it('a new topic starts again at the first level of detail', () => {
    const say = conversation('en');
    say('what is cusma');
    say('tell me more');
    say('what is the cusfta');
    expect(say('tell me more').reply.text).toContain('Key dates for **CUSFTA**');
  });

  it('asks what to say more about when nothing was asked yet', () => {
    const turn = conversation('en')('tell me more');
    expect(turn.reply.text).toContain('Tell you more about what?');
    expect(conversation('fr')('plus de détails').reply.text).toContain('En dire plus sur quoi?');
  });

  it('keeps the topic for follow-ups after more', () => {
    const say = conversation('en');
    say('Tell me about NATO');
    say('tell me more');
    expect(say('when was it created?').reply.text).toContain('1949');
  });
});

describe('rating more', () => {
  it('offers 👍/👎 under more from the fact base, not under "that is all"', () => {
    const say = conversation('en');
    say('what is cusma');
    expect(say('tell me more').feedback).toBeDefined();
    expect(say('tell me more').feedback).toBeUndefined();
  });
});
