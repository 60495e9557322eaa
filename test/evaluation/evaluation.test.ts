import { describe, expect, it } from 'vitest';
import { confusionMarkdown, confusionMatrix, confusionSvg } from '../../src/evaluation/confusion.js';
import { chooseThreshold, evaluate, stratifiedFolds, type Prediction } from '../../src/evaluation/metrics.js';

const p = (expected: string, predicted: string, score = 0.9, best = predicted): Prediction => ({
  text: `${expected}?`,
  expected,
  predicted,
  best,
  score,
});

describe('evaluation metrics', () => {
  const predictions = [p('a', 'a'), p('a', 'b'), p('b', 'b'), p('b', 'b'), p('None', 'a', 0.1), p('None', 'None')];

  it('computes accuracy and per-intent precision, recall and F1', () => {
    const report = evaluate(predictions);
    expect(report.accuracy).toBeCloseTo(4 / 6);
    const a = report.perIntent.find((m) => m.intent === 'a')!;
    expect(a).toMatchObject({ precision: 0.5, recall: 0.5, support: 2 });
    const b = report.perIntent.find((m) => m.intent === 'b')!;
    expect(b.precision).toBeCloseTo(2 / 3);
    expect(b.recall).toBe(1);
    expect(report.confusions[0]).toMatchObject({ count: 1 });
    expect(report.errors).toHaveLength(2);
  });

  it('picks the threshold that declines a low-confidence guess', () => {
    const { best } = chooseThreshold(predictions, 'None');
    expect(best.threshold).toBeGreaterThan(0.1);
    expect(best.threshold).toBeLessThanOrEqual(0.9);
    expect(best.noneRecall).toBe(1);
  });

  it('spreads every intent over the folds', () => {
    const examples = Array.from({ length: 20 }, (_, i) => ({ text: `${i}`, intent: i % 4 === 0 ? 'rare' : 'common' }));
    const folds = stratifiedFolds(examples, 5);
    expect(folds.flat()).toHaveLength(20);
    for (const fold of folds) expect(fold.filter((e) => e.intent === 'rare')).toHaveLength(1);
  });

  it('draws the confusion matrix as a table and an accessible SVG', () => {
    const matrix = confusionMatrix(predictions);
    expect(matrix.labels).toEqual(['None', 'a', 'b']);
    expect(matrix.counts[1]).toEqual([0, 1, 1]);
    expect(confusionMarkdown(matrix)).toContain('| 2. a | ');
    const svg = confusionSvg(matrix, 'Test <matrix>');
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="title">Test &lt;matrix&gt;</title>');
    expect(svg.match(/<rect x=/g)).toHaveLength(9);
  });
});
