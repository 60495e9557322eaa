// An answer's card as an Adaptive Card 1.5 (the highest Teams renders): headings marked as headings
// for screen readers, a spoken version in `speak`, the full Markdown answer as `fallbackText`, and
// the answer's sources as link buttons.
import type { AnswerCard, CardEntry } from '../answers/types.js';

export type AdaptiveCard = Record<string, unknown>;

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...extra,
});

/**
 * A button that sends a question as if typed: Teams reads `msteams` (messageBack, shown as the
 * person's message), Web Chat and the Emulator read the card action (imBack).
 */
function askAction(title: string, question: string) {
  return {
    type: 'Action.Submit',
    title,
    data: {
      msteams: { type: 'messageBack', text: question, displayText: question },
      __isBotFrameworkCardAction: true,
      cardAction: { type: 'imBack', title, value: question },
    },
  };
}

/** An entry with details is a block of its own; plain names go together in one bulleted list. */
function entryBlocks(entries: CardEntry[]): unknown[] {
  const blocks: unknown[] = [];
  let names: string[] = [];
  const flush = () => {
    if (names.length) blocks.push(textBlock(names.map((n) => `- ${n}`).join('\r')));
    names = [];
  };
  for (const entry of entries) {
    if (!entry.facts?.length && !entry.link) {
      names.push(entry.name);
      continue;
    }
    flush();
    blocks.push({
      type: 'Container',
      separator: true,
      items: [
        textBlock(entry.name, { weight: 'Bolder' }),
        ...(entry.facts?.length ? [{ type: 'FactSet', facts: entry.facts }] : []),
        ...(entry.link
          ? [{ type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: entry.link.title, url: entry.link.url }] }]
          : []),
      ],
    });
  }
  flush();
  return blocks;
}

export function adaptiveCard(
  card: AnswerCard,
  parts: {
    cautions: string[];
    sourceLine: string;
    sources: { title: string; url: string }[];
    speak: string;
    fallbackText: string;
  },
): AdaptiveCard {
  const body: unknown[] = [textBlock(card.title, { weight: 'Bolder', size: 'Medium', style: 'heading' })];
  for (const group of card.groups) {
    if (group.heading)
      body.push(
        textBlock(group.heading, {
          weight: 'Bolder',
          separator: true,
          spacing: 'Large',
          style: 'heading',
          color: 'Accent',
        }),
      );
    if (group.text) body.push(textBlock(group.text));
    body.push(...entryBlocks(group.entries ?? []));
  }
  // One button a row: long topic names stay readable, and no host's limit on actions a row applies.
  for (const { title, question } of card.questions ?? [])
    body.push({ type: 'ActionSet', actions: [askAction(title, question)] });
  for (const caution of parts.cautions) body.push(textBlock(caution, { color: 'Warning', separator: true }));
  if (parts.sourceLine) body.push(textBlock(parts.sourceLine, { size: 'Small', isSubtle: true, separator: true }));
  const urls = [...new Map(parts.sources.map((s) => [s.url, s])).values()];
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    speak: parts.speak,
    fallbackText: parts.fallbackText,
    body,
    ...(urls.length ? { actions: urls.map((s) => ({ type: 'Action.OpenUrl', title: s.title, url: s.url })) } : {}),
  };
}
