// Who may see the insights: whoever holds INSIGHTS_TOKEN, sent as a bearer token (scripts, curl) or
// once through the sign-in form, which gives the browser a session cookie. Tokens are compared in
// constant time (both hashed, then timingSafeEqual), and the cookie holds no token: an expiry and an
// HMAC of it keyed with the token, so every instance that has the token can check it, nothing needs
// storing, and changing the token signs everyone out.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const sessionCookie = 'insights_session';
/** A session lasts a working day. */
export const sessionSeconds = 8 * 60 * 60;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class InsightsAccess {
  private readonly tokenDigest: Buffer;

  constructor(
    private readonly token: string,
    private readonly now: () => number = Date.now,
  ) {
    this.tokenDigest = digest(token);
  }

  /** Whether `given` is the token, in time that does not depend on how much of it is right. */
  isToken(given: string): boolean {
    return timingSafeEqual(digest(given), this.tokenDigest);
  }

  /** A bearer token in an Authorization header, when there is one. */
  bearerIn(authorization: string | undefined): string | undefined {
    return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  }

  /** A new session's cookie value: its expiry (seconds since 1970) and their MAC. */
  newSession(): string {
    const expires = Math.floor(this.now() / 1000) + sessionSeconds;
    return `${expires}.${this.mac(String(expires))}`;
  }

  /** Whether a cookie value is a session this token signed that has not expired. */
  isSession(value: string | undefined): boolean {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
    if (!match) return false;
    const expected = Buffer.from(this.mac(match[1]!));
    const given = Buffer.from(match[2]!);
    return timingSafeEqual(given, expected) && Number(match[1]) * 1000 > this.now();
  }

  private mac(expires: string): string {
    return createHmac('sha256', this.token).update(`insights-session:${expires}`).digest('base64url');
  }
}

/** A cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
