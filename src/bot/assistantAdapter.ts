// CloudAdapter, plus an in-process entrance for the local Direct Line: an activity from the server's
// own web chat goes through the same pipeline as one from a channel, replies collected with
// deliveryMode "expectReplies". It is open only when the adapter itself runs open (no app id).
// The HTTP edge authenticates a request (authenticate) before it spends time validating the body, then
// runs the turn with that authentication (processAuthenticated), instead of CloudAdapter.process doing both.
// The Bot Framework clients each turn is given are made once and reused (reusedClients.ts).
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { ReusingClients } from './reusedClients.js';

type Authentication = Awaited<ReturnType<CloudAdapter['botFrameworkAuthentication']['authenticateRequest']>>;

export class AssistantAdapter extends CloudAdapter {
  constructor(authentication: BotFrameworkAuthentication) {
    super(new ReusingClients(authentication));
  }

  async processLocally(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Partial<Activity>[]> {
    const response = await this.processActivity('', { ...activity, deliveryMode: 'expectReplies' } as Activity, logic);
    return (response?.body as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
  }

  /** The request's authentication, or undefined when it is refused (401): bad, missing or foreign token. */
  async authenticate(activity: Partial<Activity>, authorization: string): Promise<Authentication | undefined> {
    try {
      return await this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authorization);
    } catch {
      return undefined;
    }
  }

  /** Runs the turn of an authenticated activity: the status and body to answer with. */
  async processAuthenticated(
    authentication: Authentication,
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<{ status: number; body?: unknown }> {
    const response = await this.processActivity(authentication, withDates(activity), logic);
    return { status: response?.status ?? 200, body: response?.body };
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
    const authentication =
      typeof authorization === 'string' ? await this.authenticate(activity, authorization) : authorization;
    if (!authentication) return { status: 401, body: { error: 'unauthorized' } };
    return super.processActivity(authentication, activity, logic);
  }
}

/** What CloudAdapter.process does to a body before the turn: timestamps as dates, their text kept aside. */
function withDates(activity: Partial<Activity>): Activity {
  const fixed = { ...activity } as Activity & Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value: unknown = fixed[field];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[field] = new Date(value);
    }
  }
  return fixed;
}
