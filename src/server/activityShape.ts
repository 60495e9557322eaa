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

const incomingActivity = z
  .object({
    // The bot handles no invoke (no Action.Execute, task modules or message extensions): the SDK
    // would answer one with 501, a server error for what is the caller's request.
    type: z
      .string()
      .min(1)
      .max(64)
      .refine((type) => type !== 'invoke', 'invoke activities are not supported by this bot'),
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
  .refine((a) => a.deliveryMode === 'expectReplies' || typeof a.serviceUrl === 'string', {
    message: 'serviceUrl is required',
    path: ['serviceUrl'],
  });

/**
 * Deeper bodies are refused: conversation, from and recipient come back in the replies, and a reply
 * nested thousands deep cannot be serialized (the response would be a 500). Real activities, Adaptive
 * Card payloads included, stay far below.
 */
const deepestNesting = 64;
/** Longer arrays are refused before the schema is checked: validating 20,000 entities cost 200 ms. */
const longestArray = 256;

/**
 * Whether a parsed JSON value nests arrays and objects deeper than allowed or holds an array longer
 * than allowed: the reason, naming the field. Iterative (no recursion) and linear in the body's size.
 */
function structureProblem(value: unknown): string | undefined {
  const pending: [unknown, number, string][] = [[value, 1, '']];
  while (pending.length) {
    const [item, depth, path] = pending.pop()!;
    if (!item || typeof item !== 'object') continue;
    if (depth > deepestNesting) return `the body nests objects and arrays more than ${deepestNesting} deep`;
    if (Array.isArray(item) && item.length > longestArray)
      return `invalid activity: field "${path || '(root)'}": at most ${longestArray} items`;
    for (const [key, child] of Object.entries(item))
      if (child && typeof child === 'object') pending.push([child, depth + 1, path ? `${path}.${key}` : key]);
  }
  return undefined;
}

/** A short reason for the 400, naming the field; never the parser's internals. */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return 'the body must be a JSON object (a Bot Framework activity)';
  const structure = structureProblem(body);
  if (structure) return structure;
  const parsed = incomingActivity.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  return `invalid activity: field "${issue.path.join('.') || '(root)'}": ${issue.message}`;
}
