// CloudAdapter, plus an in-process entrance for the local Direct Line: an activity from the server's
// own web chat goes through the same pipeline as one from a channel, replies collected with
// deliveryMode "expectReplies". It is open only when the adapter itself runs open (no app id).
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

type Authentication = Awaited<ReturnType<CloudAdapter['botFrameworkAuthentication']['authenticateRequest']>>;

export class AssistantAdapter extends CloudAdapter {
  async processLocally(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Partial<Activity>[]> {
    const response = await this.processActivity('', { ...activity, deliveryMode: 'expectReplies' } as Activity, logic);
    return (response?.body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
  }

  /**
   * Authenticates the request before the turn: any failure is a 401 and the bot never runs.
   * (botframework-connector lets jsonwebtoken's errors — bad signature, `alg: none`, not yet valid —
   * escape as plain errors, which CloudAdapter would answer with 500 and the error's message.)
   */
  protected override async processActivity(
    authorization: string | Authentication,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (typeof authorization === 'string') {
      try {
        authorization = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
      } catch {
        return { status: 401, body: { error: 'unauthorized' } };
      }
    }
    return super.processActivity(authorization, activity, logic);
  }
}
