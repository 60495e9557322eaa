// An answer's card as an Adaptive Card 1.5 (the highest Teams renders): headings marked as headings
// for screen readers, a spoken version in `speak`, and the full Markdown answer as `fallbackText`.
import type { AnswerCard } from '../answers/types.js';

export type AdaptiveCard = Record<string, unknown>;

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });

export function adaptiveCard(card: AnswerCard, parts: { cautions: string[]; sourceLine: string; speak: string; fallbackText: string }): AdaptiveCard {
  const body: unknown[] = [textBlock(card.title, { weight: 'Bolder', size: 'Medium', style: 'heading' })];
  for (const group of card.groups) {
    if (group.heading) body.push(textBlock(group.heading, { weight: 'Bolder', separator: true, spacing: 'Large', style: 'heading', color: 'Accent' }));
    for (const entry of group.entries) {
      body.push({
        type: 'Container',
        separator: true,
        items: [
          textBlock(entry.name, { weight: 'Bolder' }),
          { type: 'FactSet', facts: entry.facts },
          { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: entry.link.title, url: entry.link.url }] },
        ],
      });
    }
  }
  for (const caution of parts.cautions) body.push(textBlock(caution, { color: 'Warning', separator: true }));
  if (parts.sourceLine) body.push(textBlock(parts.sourceLine, { size: 'Small', isSubtle: true, separator: true }));
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    speak: parts.speak,
    fallbackText: parts.fallbackText,
    body,
  };
}
