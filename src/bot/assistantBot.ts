// The Bot Framework edge: turns activities into calls to the Assistant and replies into activities.
import { ActivityHandler, ActionTypes, type Activity, CardFactory, type ConversationState, MessageFactory, type StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Assistant } from '../conversation/assistant.js';
import { conversationHash, type Logger } from '../logger.js';
import type { ConversationMemory } from '../conversation/resolve.js';
import type { Language } from '../facts/schema.js';
import type { RenderedReply } from '../replies/render.js';
import { recognizerTraceLabel, recognizerTraceName, recognizerTraceType, toRecognizerTrace } from './recognizerTrace.js';

export class AssistantBot extends ActivityHandler {
  private readonly memory: StatePropertyAccessor<ConversationMemory>;

  constructor(
    private readonly assistant: Assistant,
    private readonly conversationState: ConversationState,
    private readonly logger?: Logger,
  ) {
    super();
    this.memory = conversationState.createProperty<ConversationMemory>('memory');

    this.onMembersAdded(async (context, next) => {
      if (shouldWelcome(context)) await context.sendActivity(toActivity(this.assistant.welcome(localeLanguage(context) ?? 'en'), context));
      await next();
    });

    this.onMessage(async (context, next) => {
      const text = messageText(context);
      const memory = await this.memory.get(context, { subjects: [] });
      const turn = this.assistant.reply(text, memory, localeLanguage(context));
      await this.memory.set(context, turn.memory);
      this.logger?.info(
        { conversation: conversationHash(context.activity.conversation.id), channel: context.activity.channelId, language: turn.language, intent: turn.resolution?.intent, score: turn.recognition ? Math.round(turn.recognition.score * 1000) / 1000 : undefined, via: turn.resolution?.via },
        'turn',
      );
      this.logger?.debug({ conversation: conversationHash(context.activity.conversation.id), text }, 'message text');
      if (turn.recognition && turn.resolution) {
        await context.sendTraceActivity(recognizerTraceName, toRecognizerTrace(turn.recognition, turn.resolution, turn.language), recognizerTraceType, recognizerTraceLabel);
      }
      await context.sendActivity(toActivity(turn.reply, context));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
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

function toActivity(reply: RenderedReply, context: TurnContext): Partial<Activity> {
  const withCard = reply.card !== undefined && cardChannels.has(context.activity.channelId);
  const activity = withCard ? MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), undefined, reply.speak) : MessageFactory.text(reply.text, reply.speak);
  if (!withCard) activity.textFormat = 'markdown';
  if (!reply.suggestions.length) return activity;
  if (isTeamsGroup(context)) {
    // Suggested actions show only in one-to-one chats: in groups the same choices are card buttons.
    const buttons = CardFactory.actions(reply.suggestions.map((s) => ({ type: ActionTypes.MessageBack, title: s, text: s, displayText: s, value: { question: s } })));
    activity.attachments = [...(activity.attachments ?? []), CardFactory.heroCard('', undefined, buttons)];
  } else {
    activity.suggestedActions = { actions: reply.suggestions.map((s) => ({ type: ActionTypes.ImBack, title: s, value: s })), to: [] };
  }
  return activity;
}
