// The Bot Framework edge: turns activities into calls to the Assistant and replies into activities.
import { ActivityHandler, TurnContext } from 'botbuilder';
import type { Assistant, TurnResult } from '../conversation/assistant.js';
import { ratingInValue, type Rating } from '../conversation/feedback.js';
import type { EventLog } from '../insights/eventLog.js';
import { turnEvent } from '../insights/events.js';
import { conversationHash, errorSummary, type Logger } from '../logger.js';
import type { Language } from '../facts/schema.js';
import { shouldWelcome, toActivity } from './channelActivity.js';
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
    const turnIn = this.turnIn(context);
    let decided: { turn: TurnResult; attempts: number };
    try {
      decided = await this.decideAndSave(context, turnIn);
    } catch (error) {
      await this.storageFailed(context, turnIn, error, report);
      return next();
    }
    this.record(context, turnIn, decided, report);
    await this.sendTrace(context, decided.turn);
    await context.sendActivity(toActivity(decided.turn.reply, context, decided.turn.feedback));
    await next();
  }

  /** What the person sent: the text, the client's language, and a 👍/👎 (a card button's payload, or exactly a label). */
  private turnIn(context: TurnContext): TurnIn {
    const text = messageText(context);
    const valueRating = ratingInValue(context.activity.value);
    return {
      text,
      locale: localeLanguage(context),
      conversation: conversationHash(context.activity.conversation.id),
      rating: valueRating ? { rating: valueRating } : this.assistant.ratingIn(text),
    };
  }

  /** Decided on the saved state and saved before anything is sent: run again if another turn saved first. */
  private async decideAndSave(context: TurnContext, { text, locale, rating, conversation }: TurnIn) {
    const address = { channelId: context.activity.channelId, conversationId: context.activity.conversation.id };
    const saved = await this.conversations.update(address, ({ memory, turns }) => {
      const result = rating
        ? this.assistant.rate(rating.rating, memory, locale, rating.language)
        : this.assistant.reply(text, memory, locale);
      return { record: { memory: result.memory, turns: turns + 1 }, result };
    });
    if (saved.attempts > 1)
      this.logs.logger?.info(
        { conversation, attempts: saved.attempts },
        'turn re-run after another turn of the conversation saved first',
      );
    return { turn: saved.result, attempts: saved.attempts };
  }

  /** Storage unreachable (or every attempt lost to other turns): said politely; nothing was saved. */
  private async storageFailed(
    context: TurnContext,
    { text, locale, rating, conversation }: TurnIn,
    error: unknown,
    report: (fields: TurnReport) => void,
  ): Promise<void> {
    const failure = { conversation, error: errorSummary(error) };
    if (error instanceof ConversationBusy) this.logs.logger?.warn(failure, 'conversation state busy');
    else this.logs.logger?.error(failure, 'conversation state unavailable');
    const channel = context.activity.channelId;
    report({ channel, outcome: 'unavailable', ...(rating ? { rating: rating.rating } : {}) });
    this.logs.events?.record(
      turnEvent({ time: new Date(), conversation, channel, outcome: 'unavailable', rating: rating?.rating }),
    );
    await context.sendActivity(toActivity(this.assistant.memoryUnavailable(text, locale), context));
  }

  /** The turn's log line, telemetry and event, once its state is saved (a turn run again is recorded once). */
  private record(
    context: TurnContext,
    { text, rating, conversation }: TurnIn,
    { turn, attempts }: { turn: TurnResult; attempts: number },
    report: (fields: TurnReport) => void,
  ): void {
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
    this.logs.logger?.info({ conversation, ...fields }, 'turn');
    report(fields);
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
    this.logs.logger?.debug({ conversation, text }, 'message text');
  }

  /** The RecognizerResult trace, on the channels configured for it (see RecognizerTraceChannels). */
  private async sendTrace(context: TurnContext, turn: TurnResult): Promise<void> {
    const traced = this.recognizerTrace === 'all' || context.activity.channelId === 'emulator';
    if (!traced || !turn.recognition || !turn.resolution) return;
    await context.sendTraceActivity(
      recognizerTraceName,
      toRecognizerTrace(turn.recognition, turn.resolution, turn.language),
      recognizerTraceType,
      recognizerTraceLabel,
    );
  }
}

/** A message as the bot reads it. */
interface TurnIn {
  text: string;
  /** The client's locale, when it is a language the bot speaks. */
  locale: Language | undefined;
  /** The conversation's id, hashed, for the logs. */
  conversation: string;
  rating: { rating: Rating; language?: Language } | undefined;
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
  return (['fr', 'en'] as const).find((language) => locale.startsWith(language));
}
