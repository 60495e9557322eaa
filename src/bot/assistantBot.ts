// The Bot Framework edge: turns activities into calls to the Assistant and replies into activities.
import { ActivityHandler, ActionTypes, type Activity, CardFactory, type ConversationState, MessageFactory, type StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Assistant } from '../conversation/assistant.js';
import type { ConversationMemory } from '../conversation/resolve.js';
import type { Language } from '../facts/schema.js';
import type { RenderedReply } from '../replies/render.js';
import { recognizerTraceLabel, recognizerTraceName, recognizerTraceType, toRecognizerTrace } from './recognizerTrace.js';

export class AssistantBot extends ActivityHandler {
  private readonly memory: StatePropertyAccessor<ConversationMemory>;

  constructor(
    private readonly assistant: Assistant,
    private readonly conversationState: ConversationState,
  ) {
    super();
    this.memory = conversationState.createProperty<ConversationMemory>('memory');

    this.onMembersAdded(async (context, next) => {
      const people = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (people.length) await context.sendActivity(toActivity(this.assistant.welcome(localeLanguage(context) ?? 'en'), context.activity.channelId));
      await next();
    });

    this.onMessage(async (context, next) => {
      const text = messageText(context);
      const memory = await this.memory.get(context, { subjects: [] });
      const turn = this.assistant.reply(text, memory, localeLanguage(context));
      await this.memory.set(context, turn.memory);
      if (turn.recognition && turn.resolution) {
        await context.sendTraceActivity(recognizerTraceName, toRecognizerTrace(turn.recognition, turn.resolution, turn.language), recognizerTraceType, recognizerTraceLabel);
      }
      await context.sendActivity(toActivity(turn.reply, context.activity.channelId));
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

/** Channels known to render Adaptive Cards; others get the same answer as Markdown text. */
const cardChannels = new Set(['msteams', 'webchat', 'directline', 'emulator']);

function toActivity(reply: RenderedReply, channelId: string): Partial<Activity> {
  const withCard = reply.card !== undefined && cardChannels.has(channelId);
  const activity = withCard ? MessageFactory.attachment(CardFactory.adaptiveCard(reply.card), undefined, reply.speak) : MessageFactory.text(reply.text, reply.speak);
  if (!withCard) activity.textFormat = 'markdown';
  if (reply.suggestions.length) {
    activity.suggestedActions = { actions: reply.suggestions.map((s) => ({ type: ActionTypes.ImBack, title: s, value: s })), to: [] };
  }
  return activity;
}
