// The least an incoming body must be before the adapter sees it: an activity with a type, a
// conversation and a sender. Anything else is the caller's mistake (400), not the bot's (500).
import { z } from 'zod';

const account = z.object({ id: z.string().min(1).max(1024) }).passthrough();
const optionalText = (max: number) => z.string().max(max).nullish();

export const incomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    conversation: account,
    from: account,
    recipient: account.nullish(),
    id: optionalText(1024),
    channelId: optionalText(64),
    serviceUrl: optionalText(2048),
    text: z.string().nullish(),
    locale: optionalText(64),
    textFormat: optionalText(32),
    deliveryMode: optionalText(32),
    timestamp: optionalText(64),
    localTimestamp: optionalText(64),
    entities: z.array(z.object({ type: z.string() }).passthrough()).nullish(),
    attachments: z.array(z.object({}).passthrough()).nullish(),
    membersAdded: z.array(account).nullish(),
    membersRemoved: z.array(account).nullish(),
    channelData: z.unknown(),
    value: z.unknown(),
  })
  .passthrough();

/** A short reason for the 400, naming the field; never the parser's internals. */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  const parsed = incomingActivity.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  return `invalid activity: field "${issue.path.join('.') || '(root)'}": ${issue.message}`;
}
