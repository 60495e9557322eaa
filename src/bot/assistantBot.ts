// The Bot Framework edge: turns activities into calls to the Assistant and replies into activities.
import { ActivityHandler, ActionTypes, type Activity, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Assistant, TurnResult } from '../conversation/assistant.js';
import { ratingInValue, type Rating } from '../conversation/feedback.js';
import type { EventLog } from '../insights/eventLog.js';
import { turnEvent } from '../insights/events.js';
import { conversationHash, type Logger } from '../logger.js';
import type { Language } from '../facts/schema.js';
import type { AdaptiveCard } from '../replies/adaptiveCard.js';
import type { RenderedReply } from '../replies/render.js';
import { noTelemetry, type Telemetry, type TurnReport } from '../telemetry/telemetry.js';
import { ConversationBusy, type ConversationStore } from './conversationStore.js';
import {
  recognizerTraceLabel,
  recognizerTraceName,
  recognizerTraceType,
  toRecognizerTrace,
} from './recognizerTrace.js';

/** Where the bot writes, besides its replies: all optional. */
export interface BotLogs {
  logger?: Logger;
  /** One event per turn, for the insights page and the reports. */
  events?: Pick<EventLog, 'record'>;
  /** A span and metrics per turn, with the fields logged per turn. */
  telemetry?: Telemetry;
}

/**
 * Which channels get the RecognizerResult trace: by the Bot Framework convention the Emulator's only
 * (the adapter drops traces elsewhere, but not from replies returned in the HTTP response, so a client
 * asking for expectReplies would receive every intent's score), or every channel, to debug a deployment.
 */
export type RecognizerTraceChannels = 'emulator' | 'all';

export class AssistantBot extends ActivityHandler {
  constructor(
    private readonly assistant: Assistant,
    private readonly conversations: ConversationStore,
    private readonly logs: BotLogs = {},
    private readonly recognizerTrace: RecognizerTraceChannels = 'emulator',
  ) {
    super();
    const telemetry = logs.telemetry ?? noTelemetry;

    this.onMembersAdded(async (context, next) => {
      if (shouldWelcome(context))
        await context.sendActivity(toActivity(this.assistant.welcome(localeLanguage(context) ?? 'en'), context));
      await next();
    });

    this.onMessage((context, next) => telemetry.turn((report) => this.message(context, next, report)));
  }

  private async message(
    context: TurnContext,
    next: () => Promise<void>,
    report: (fields: TurnReport) => void,
  ): Promise<void> {
    const logger = this.logs.logger;
    const text = messageText(context);
    const locale = localeLanguage(context);
    const conversation = conversationHash(context.activity.conversation.id);
    // 👍/👎: a card button's payload, or exactly a feedback label (suggested actions send their text).
    const valueRating = ratingInValue(context.activity.value);
    const rating = valueRating ? { rating: valueRating } : this.assistant.ratingIn(text);
    let turn: TurnResult;
    let attempts = 1;
    try {
      // Decided on the saved state and saved before anything is sent: run again if another turn saved first.
      const address = { channelId: context.activity.channelId, conversationId: context.activity.conversation.id };
      const saved = await this.conversations.update(address, ({ memory, turns }) => {
        const result = rating
          ? this.assistant.rate(rating.rating, memory, locale, rating.language)
          : this.assistant.reply(text, memory, locale);
        return { record: { memory: result.memory, turns: turns + 1 }, result };
      });
      turn = saved.result;
      attempts = saved.attempts;
      if (saved.attempts > 1)
        logger?.info(
          { conversation, attempts: saved.attempts },
          'turn re-run after another turn of the conversation saved first',
        );
    } catch (error) {
      // Storage unreachable (or every attempt lost to other turns): say so politely; nothing was saved.
      const failure = { conversation, error: `${(error as Error).name}: ${(error as Error).message}` };
      if (error instanceof ConversationBusy) logger?.warn(failure, 'conversation state busy');
      else logger?.error(failure, 'conversation state unavailable');
      report({
        channel: context.activity.channelId,
        outcome: 'unavailable',
        ...(rating ? { rating: rating.rating } : {}),
      });
      this.logs.events?.record(
        turnEvent({
          time: new Date(),
          conversation,
          channel: context.activity.channelId,
          outcome: 'unavailable',
          rating: rating?.rating,
        }),
      );
      await context.sendActivity(toActivity(this.assistant.memoryUnavailable(text, locale), context));
      return next();
    }
    const fields: TurnReport = {
      channel: context.activity.channelId,
      outcome: this.assistant.outcomeOf(turn, rating !== undefined),
      language: turn.language,
      intent: turn.resolution?.intent,
      score: turn.recognition ? Math.round(turn.recognition.score * 1000) / 1000 : undefined,
      via: turn.resolution?.via,
      rating: rating?.rating,
      attempts,
    };
    logger?.info({ conversation, ...fields }, 'turn');
    report(fields);
    // Recorded once the state is saved, so that a turn run again is recorded once.
    this.logs.events?.record(
      turnEvent({
        time: new Date(),
        conversation,
        channel: fields.channel,
        outcome: fields.outcome,
        turn,
        rating: rating?.rating,
      }),
    );
    logger?.debug({ conversation, text }, 'message text');
    const traced = this.recognizerTrace === 'all' || context.activity.channelId === 'emulator';
    if (traced && turn.recognition && turn.resolution) {
      await context.sendTraceActivity(
        recognizerTraceName,
        toRecognizerTrace(turn.recognition, turn.resolution, turn.language),
        recognizerTraceType,
        recognizerTraceLabel,
      );
    }
    await context.sendActivity(toActivity(turn.reply, context, turn.feedback));
    await next();
  }
}

/** The message text without Teams' `<at>Bot</at>` mention. */
function messageText(context: TurnContext): string {
  const activity = context.activity;
  const withoutMention = activity.entities?.length ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (withoutMention ?? activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, ' ').trim();
}

/** The client's locale, when it is a language the bot speaks ("fr-CA" → fr). */
function localeLanguage(context: TurnContext): Language | undefined {
  const locale = (context.activity.locale ?? '').toLowerCase();
  return locale.startsWith('fr') ? 'fr' : locale.startsWith('en') ? 'en' : undefined;
}

/**
 * Welcome once: when a person joins a one-to-one conversation (Emulator, Web Chat), when the bot is
 * installed for a person (Teams personal scope), and once per team or group chat when the bot is
 * added there, never again each time someone joins the team.
 */
function shouldWelcome(context: TurnContext): boolean {
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
function toActivity(reply: RenderedReply, context: TurnContext, feedback?: Record<Rating, string>): Partial<Activity> {
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
