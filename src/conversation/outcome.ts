// How a turn ended, for the turn's log line, telemetry and the keepers' insights: answered from the
// facts, sent to an official page (a referral), asked which topic was meant, declined, or a rating.
import { routeKind, type AnswerRoute } from '../answers/types.js';
import type { Resolution } from './types.js';

/** `unavailable`: the conversation's memory could not be reached (the bot's edge decides that one). */
export type TurnOutcome = 'answered' | 'referred' | 'clarified' | 'declined' | 'rated' | 'unavailable';

/** A turn's outcome from what was decided; `rated` when the message was a 👍/👎. */
export function turnOutcome(
  resolution: Resolution | undefined,
  rated: boolean,
  routes: Record<string, AnswerRoute>,
): TurnOutcome {
  if (rated) return 'rated';
  if (!resolution) return 'answered';
  if (resolution.via === 'disambiguation') return 'clarified';
  const kinds = (resolution.parts ?? [resolution]).map((part) => routeKind(routes[part.intent]));
  if (kinds.every((kind) => kind === 'referral')) return 'referred';
  if (kinds.every((kind) => kind === 'decline')) return 'declined';
  return 'answered';
}
