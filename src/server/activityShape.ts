// The least an incoming body must be before the adapter sees it: an activity with a type, a
// conversation and a sender. Anything else is the caller's mistake (400), not the bot's (500).
import { z } from 'zod';

const account = z.object({ id: z.string().min(1).max(1024) }).passthrough();
const optionalText = (max: number) => z.string().max(max).nullish();

/** Mentions are read to strip "<at>Bot</at>" from the text, so their shape must hold. */
const entity = z.union([
  z.object({ type: z.literal('mention'), mentioned: account, text: z.string().nullish() }).passthrough(),
  z.object({ type: z.string().refine((t) => t !== 'mention') }).passthrough(),
]);

export const incomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    conversation: account,
    from: account,
    recipient: account.nullish(),
    id: optionalText(1024),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().max(2048).url().nullish(),
    text: z.string().nullish(),
    locale: optionalText(64),
    textFormat: optionalText(32),
    deliveryMode: optionalText(32),
    timestamp: optionalText(64),
    localTimestamp: optionalText(64),
    entities: z.array(entity).nullish(),
    attachments: z.array(z.object({}).passthrough()).nullish(),
    membersAdded: z.array(account).nullish(),
    membersRemoved: z.array(account).nullish(),
    channelData: z.unknown(),
    value: z.unknown(),
  })
  .passthrough()
  // Replies go back to serviceUrl unless the caller collects them in the response.
  .refine((a) => a.deliveryMode === 'expectReplies' || typeof a.serviceUrl === 'string', { message: 'serviceUrl is required', path: ['serviceUrl'] });

/** A short reason for the 400, naming the field; never the parser's internals. */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  const parsed = incomingActivity.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  return `invalid activity: field "${issue.path.join('.') || '(root)'}": ${issue.message}`;
}
