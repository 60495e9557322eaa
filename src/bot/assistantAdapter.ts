// CloudAdapter, plus an in-process entrance for the local Direct Line: an activity from the server's
// own web chat goes through the same pipeline as one from a channel, replies collected with
// deliveryMode "expectReplies". It is open only when the adapter itself runs open (no app id).
import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';

export class AssistantAdapter extends CloudAdapter {
  async processLocally(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<Partial<Activity>[]> {
    const response = await this.processActivity('', { ...activity, deliveryMode: 'expectReplies' } as Activity, logic);
    return (response?.body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
  }
}
