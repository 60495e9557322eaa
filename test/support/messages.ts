// One message to a running bot over HTTP, replies returned in the response (deliveryMode expectReplies).
import { randomUUID } from 'node:crypto';

export interface Reply {
  status: number;
  /** What the person would see: each message's text and its card's text, joined. */
  shown: string;
}

export async function sendMessage(
  baseUrl: string,
  conversationId: string,
  text: string,
  locale = 'en-US',
  signal?: AbortSignal,
): Promise<Reply> {
  const res = await fetch(`${baseUrl}/api/messages`, {
    signal: signal ?? null,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: randomUUID(),
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: conversationId },
      from: { id: 'user-1' },
      recipient: { id: 'bot' },
      locale,
      text,
      deliveryMode: 'expectReplies',
    }),
  });
  const body = res.headers.get('content-type')?.includes('json')
    ? ((await res.json()) as { activities?: unknown[] })
    : {};
  const messages = (body.activities ?? []).filter((a) => (a as { type: string }).type === 'message');
  return { status: res.status, shown: JSON.stringify(messages) };
}
