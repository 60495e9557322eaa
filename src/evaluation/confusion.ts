// The confusion matrix of an evaluation, as a Markdown table and as an SVG heat map.
import type { Prediction } from './metrics.js';

export interface ConfusionMatrix {
  labels: string[];
  /** counts[expected][predicted] */
  counts: number[][];
}

export function confusionMatrix(predictions: Prediction[]): ConfusionMatrix {
  const labels = [...new Set(predictions.flatMap((p) => [p.expected, p.predicted]))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  for (const p of predictions) counts[index.get(p.expected)!]![index.get(p.predicted)!]!++;
  return { labels, counts };
}

/** Rows are the expected intents, numbered columns the predicted ones (numbers keep it narrow). */
export function confusionMarkdown({ labels, counts }: ConfusionMatrix): string {
  const header = `| expected \\ predicted | ${labels.map((_, i) => i + 1).join(' | ')} |`;
  const rule = `|---|${labels.map(() => '---:').join('|')}|`;
  // Right answers plain, confusions in bold, empty cells left empty.
  const cell = (count: number, right: boolean) => {
    if (count === 0) return '';
    return right ? `${count}` : `**${count}**`;
  };
  const rows = labels.map(
    (label, i) => `| ${i + 1}. ${label} | ${counts[i]!.map((c, j) => cell(c, i === j)).join(' | ')} |`,
  );
  return [header, rule, ...rows].join('\n');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A heat map: each cell's colour is its share of the row (the expected intent's examples). */
export function confusionSvg({ labels, counts }: ConfusionMatrix, title: string): string {
  const cell = 22;
  const left = 190;
  const top = 200;
  const size = labels.length * cell;
  const width = left + size + 20;
  const height = top + size + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img" aria-labelledby="title">`,
    `<title id="title">${escape(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<text x="${left}" y="38">rows: expected intent · columns: predicted intent · colour: share of the row</text>`,
  ];
  labels.forEach((label, i) => {
    const y = top + i * cell;
    parts.push(`<text x="${left - 6}" y="${y + cell * 0.7}" text-anchor="end">${escape(label)}</text>`);
    const x = left + i * cell + cell * 0.7;
    parts.push(`<text transform="translate(${x} ${top - 6}) rotate(-60)">${escape(label)}</text>`);
    const total = counts[i]!.reduce((a, b) => a + b, 0) || 1;
    counts[i]!.forEach((count, j) => {
      const share = count / total;
      // Correct predictions in blue, confusions in red; white when empty.
      const hue = i === j ? 215 : 0;
      const lightness = Math.round(100 - 55 * share);
      parts.push(
        `<rect x="${left + j * cell}" y="${y}" width="${cell}" height="${cell}" fill="hsl(${hue} 75% ${lightness}%)" stroke="#dddddd"><title>${escape(label)} → ${escape(labels[j]!)}: ${count}</title></rect>`,
      );
      if (count)
        parts.push(
          `<text x="${left + j * cell + cell / 2}" y="${y + cell * 0.7}" text-anchor="middle" fill="${share > 0.6 ? '#ffffff' : '#000000'}">${count}</text>`,
        );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}
