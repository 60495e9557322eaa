// The channels' rules for what the bot sends: when to welcome, a card or Markdown text, suggested actions
// or card buttons, and how many of them each channel shows (Teams, Web Chat, Direct Line, the Emulator).
import { ActionTypes, type Activity, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Rating } from '../conversation/feedback.js';
import type { AdaptiveCard } from '../replies/adaptiveCard.js';
import type { RenderedReply } from '../replies/render.js';

/**
 * Welcome once: when a person joins a one-to-one conversation (Emulator, Web Chat), when the bot is
 * installed for a person (Teams personal scope), and once per team or group chat when the bot is
 * added there, never again each time someone joins the team.
 */
export function shouldWelcome(context: TurnContext): boolean {
  const added = context.activity.membersAdded ?? [];
  const botAdded = added.some((m) => m.id === context.activity.recipient?.id);
  const peopleAdded = added.some((m) => m.id !== context.activity.recipient?.id);
  if (isTeamsGroup(context)) return botAdded;
  return peopleAdded || (botAdded && context.activity.channelId === 'msteams');
}

/** A Teams channel or group chat, where suggested actions do not show. */
function isTeamsGroup(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return context.activity.channelId === 'msteams' && (type === 'channel' || type === 'groupChat');
}

/** Channels known to render Adaptive Cards; others get the same answer as Markdown text. */
const cardChannels = new Set(['msteams', 'webchat', 'directline', 'emulator']);

/**
 * The card alone, one bubble: a text beside it would be shown as a second bubble repeating the card's
 * heading (Web Chat) or above the card (Teams). What a notification or a chat list shows instead of
 * "sent a card" is the activity's `summary` (Teams desktop, web and iOS; Teams for Android ignores it
 * once its push service takes over and says "sent a card"); screen readers read the card's `speak`
 * (Web Chat announces "card: <speak>"), and hosts that cannot render the card show its `fallbackText`.
 * The spoken text is the card's only: Web Chat's speech synthesis says the activity's `speak` and then
 * each card's, so the same text on the activity too would be said twice.
 */
function cardMessage(card: AdaptiveCard, reply: RenderedReply): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = reply.lead;
  return activity;
}

/** Teams shows at most three suggested actions: under a rateable answer, one next question and 👍/👎. */
const teamsSuggestedActions = 3;

/** @param feedback the 👍/👎 labels, under an answer that can be rated */
export function toActivity(
  reply: RenderedReply,
  context: TurnContext,
  feedback?: Record<Rating, string>,
): Partial<Activity> {
  const activity =
    reply.card && cardChannels.has(context.activity.channelId)
      ? cardMessage(reply.card, reply)
      : MessageFactory.text(reply.text, reply.speak);
  if (activity.text) activity.textFormat = 'markdown';
  const ratings = feedback ? (['up', 'down'] as const).map((rating) => ({ rating, label: feedback[rating] })) : [];
  if (!reply.suggestions.length && !ratings.length) return activity;
  if (isTeamsGroup(context)) {
    // Suggested actions show only in one-to-one chats: in groups the same choices are card buttons.
    const buttons = CardFactory.actions([
      ...reply.suggestions.map((s) => ({
        type: ActionTypes.MessageBack,
        title: s,
        text: s,
        displayText: s,
        value: { question: s },
      })),
      ...ratings.map(({ rating, label }) => ({
        type: ActionTypes.MessageBack,
        title: label,
        text: label,
        displayText: label,
        value: { feedback: rating },
      })),
    ]);
    activity.attachments = [...(activity.attachments ?? []), CardFactory.heroCard('', undefined, buttons)];
  } else {
    // imBack, whose text the bot recognizes exactly: Teams sends only imBack from suggested actions.
    const questions =
      ratings.length && context.activity.channelId === 'msteams'
        ? reply.suggestions.slice(0, teamsSuggestedActions - ratings.length)
        : reply.suggestions;
    const actions = [...questions, ...ratings.map((r) => r.label)].map((s) => ({
      type: ActionTypes.ImBack,
      title: s,
      value: s,
    }));
    activity.suggestedActions = { actions, to: [] };
  }
  return activity;
}
