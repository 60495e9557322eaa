// Classification metrics for `npm run eval`: accuracy, per-intent precision/recall/F1, confusions.
export interface Prediction {
  text: string;
  expected: string;
  /** The intent the bot acted on (after threshold and names). */
  predicted: string;
  /** The classifier's own best intent and its probability, before any threshold. */
  best: string;
  score: number;
}

interface IntentMetrics {
  intent: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Report {
  total: number;
  accuracy: number;
  perIntent: IntentMetrics[];
  confusions: { expected: string; predicted: string; count: number }[];
  errors: Prediction[];
}

export function evaluate(predictions: Prediction[]): Report {
  const intents = [...new Set(predictions.flatMap((p) => [p.expected, p.predicted]))].sort();
  const perIntent = intents.map((intent) => {
    const truePositives = predictions.filter((p) => p.expected === intent && p.predicted === intent).length;
    const predicted = predictions.filter((p) => p.predicted === intent).length;
    const support = predictions.filter((p) => p.expected === intent).length;
    const precision = predicted ? truePositives / predicted : 0;
    const recall = support ? truePositives / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, precision, recall, f1, support };
  });
  const errors = predictions.filter((p) => p.expected !== p.predicted);
  const pairs = new Map<string, { expected: string; predicted: string; count: number }>();
  for (const e of errors) {
    const key = `${e.expected}→${e.predicted}`;
    const pair = pairs.get(key) ?? { expected: e.expected, predicted: e.predicted, count: 0 };
    pair.count++;
    pairs.set(key, pair);
  }
  return {
    total: predictions.length,
    accuracy: predictions.length ? (predictions.length - errors.length) / predictions.length : 0,
    perIntent,
    confusions: [...pairs.values()].sort((a, b) => b.count - a.count),
    errors,
  };
}

/** Splits examples into k folds with every intent spread evenly across them. */
export function stratifiedFolds<T extends { intent: string }>(examples: T[], k: number): T[][] {
  const folds: T[][] = Array.from({ length: k }, () => []);
  const byIntent = new Map<string, T[]>();
  for (const e of examples) byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  let next = 0;
  for (const group of byIntent.values()) for (const e of group) folds[next++ % k]!.push(e);
  return folds;
}

export interface ThresholdChoice {
  threshold: number;
  accuracy: number;
  nonePrecision: number;
  noneRecall: number;
}

/** Sweeps the confidence threshold over the classifier's raw predictions; the best accuracy wins. */
export function chooseThreshold(
  predictions: Prediction[],
  none: string,
): { best: ThresholdChoice; sweep: ThresholdChoice[] } {
  const sweep: ThresholdChoice[] = [];
  for (let step = 0; step <= 90; step += 5) {
    const threshold = step / 100;
    const relabelled = predictions.map((p) => ({ ...p, predicted: p.score < threshold ? none : p.best }));
    const report = evaluate(relabelled);
    const noneMetrics = report.perIntent.find((m) => m.intent === none);
    sweep.push({
      threshold,
      accuracy: report.accuracy,
      nonePrecision: noneMetrics?.precision ?? 0,
      noneRecall: noneMetrics?.recall ?? 0,
    });
  }
  const best = sweep.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  return { best, sweep };
}
