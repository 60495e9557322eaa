// A conversation's state, read and saved with optimistic concurrency. botbuilder's BotState.saveChanges
// writes with eTag '*' (last writer wins), so two turns of one conversation processed at the same time
// (quick messages, retries, or two instances of the bot) would silently overwrite each other's update.
// Here a turn reads the state with its eTag, decides, and saves only if nobody saved since; when
// somebody did, it decides again on the fresh state. Nothing is sent before the state is saved, so a
// turn run again sends nothing twice.
import type { Storage, StoreItem } from 'botbuilder';
import type { ConversationMemory } from '../conversation/resolve.js';
import { isWriteConflict } from '../writeConflict.js';

/** Which conversation: a channel's conversation id. */
export interface ConversationAddress {
  channelId: string;
  conversationId: string;
}

export interface ConversationRecord {
  memory: ConversationMemory;
  /** Messages answered in this conversation. */
  turns: number;
}

/** Every attempt lost to another turn saving first; nothing was saved. */
export class ConversationBusy extends Error {
  constructor(attempts: number) {
    super(`conversation state: saved by other turns during each of ${attempts} attempts`);
    this.name = 'ConversationBusy';
  }
}

export class ConversationStore {
  constructor(
    private readonly storage: Storage,
    private readonly attempts = 10,
  ) {}

  /**
   * Runs `decide` on the conversation's state and saves the record it returns, again on fresh state
   * when another turn saved first. Throws ConversationBusy after `attempts` lost races, and the
   * storage's own errors (unreachable…) as they come.
   */
  async update<T>(
    address: ConversationAddress,
    decide: (record: ConversationRecord) => { record: ConversationRecord; result: T },
  ): Promise<{ result: T; record: ConversationRecord; attempts: number }> {
    const key = storageKey(address);
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const stored = (await this.storage.read([key]))[key] as (Partial<ConversationRecord> & StoreItem) | undefined;
      const { record, result } = decide({ memory: stored?.memory ?? { subjects: [] }, turns: stored?.turns ?? 0 });
      try {
        // The eTag read: written only if unchanged since; none (a new conversation): created only if still absent.
        await this.storage.write({ [key]: { ...record, eTag: stored?.eTag } });
        return { result, record, attempts: attempt };
      } catch (error) {
        if (!isWriteConflict(error)) throw error;
        // Lost the race: wait a random moment, so that contenders spread out, then read again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
    throw new ConversationBusy(this.attempts);
  }

  /** The conversation's state as saved, or undefined (for tests and tools). */
  async read(address: ConversationAddress): Promise<ConversationRecord | undefined> {
    const key = storageKey(address);
    return (await this.storage.read([key]))[key] as ConversationRecord | undefined;
  }
}

/** ConversationState's key, so the state stays where botbuilder's tools expect it. */
function storageKey({ channelId, conversationId }: ConversationAddress): string {
  if (!channelId || !conversationId) throw new Error('conversation state: no channel or conversation id');
  return `${channelId}/conversations/${conversationId}`;
}
