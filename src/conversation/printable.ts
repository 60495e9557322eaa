// Logged text made safe to print to a terminal: the logs hold what anonymous people typed, and a
// report must not let it move the cursor, recolour or clear the screen (escape sequences), forge a
// report line (a newline) or hide characters (bidi overrides, zero-width characters).

/** Control characters and line separators become a space; invisible format characters and lone surrogates go. */
export function printable(text: unknown): string {
  return String(text)
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/[\p{Cf}\p{Cs}]/gu, '')
    .trim();
}
