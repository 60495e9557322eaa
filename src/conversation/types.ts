// What a conversation remembers between turns, and what the rules decide about a turn.
import type { DeclineKind, Subject } from '../answers/types.js';
import type { Language } from '../facts/schema.js';
import type { RateableQuestion } from './feedback.js';

export interface ConversationMemory {
  /** The language of the conversation so far. */
  language?: Language;
  /** The language the person asked for ("en français"): it outranks the client's locale. */
  preferredLanguage?: Language;
  /** The last intent answered from the fact base (small talk and declines leave it unchanged). */
  lastIntent?: string;
  /** What that answer was about. */
  subjects: Subject[];
  /** How many times "tell me more" was answered on that topic. */
  depth?: number;
  /** Names from a declined question ("the weather in Seattle"), for a next question that needs one ("is there a consulate there?"). */
  aside?: Subject[];
  /** The last question answered from the fact base, until the person rates the answer (👍/👎). */
  lastQuestion?: RateableQuestion;
}

export interface Resolution {
  intent: string;
  subjects: Subject[];
  /**
   * How the intent was chosen: by the classifier, from the conversation's context, or declined; `cue`:
   * by the message's wording (offices located in Canada are the US ones); `more` asks for more on the
   * last topic; `disambiguation` means the bot asked which of two topics was meant; `parts`: several
   * questions, each answered.
   */
  via: 'classifier' | 'cue' | 'followUp' | 'declined' | 'more' | 'disambiguation' | 'parts';
  yesNo: boolean;
  mentionsOtherCountry: boolean;
  /** A declined question: about Canada–US relations though the facts do not cover it, or off-topic. */
  declined?: DeclineKind;
  /** A message of several questions on different topics (`via: 'parts'`): each part's resolution, in order. */
  parts?: Resolution[];
}
