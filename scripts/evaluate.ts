// npm run eval — like `rasa test nlu`: trains the bot's exact recognizer on intents/, measures it on
// the held-out set in test/fixtures (written separately from the training data) and by stratified
// k-fold cross-validation over intents/, sweeps the confidence threshold, and writes
// reports/eval.json, reports/eval.md and confusion-matrix heat maps (reports/confusion-*.svg).
// usage: npm run eval [-- --folds 5]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerTable } from '../src/answers/index.js';
import { resolveTurn } from '../src/conversation/resolve.js';
import { confusionMarkdown, confusionMatrix, confusionSvg } from '../src/evaluation/confusion.js';
import { chooseThreshold, evaluate, stratifiedFolds, type Prediction, type Report } from '../src/evaluation/metrics.js';
import { loadFactBase } from '../src/facts/loader.js';
import { examplesOf, loadIntents, type Example } from '../src/nlu/corpus.js';
import { IntentRecognizer, noneIntent } from '../src/nlu/recognizer.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const foldsArgument = process.argv.indexOf('--folds');
const folds = foldsArgument > 0 ? Number(process.argv[foldsArgument + 1]) : 5;
const facts = loadFactBase(`${root}data`);
const training = examplesOf(loadIntents(`${root}intents`), 'en');
const heldOut: Example[] = readFileSync(`${root}test/fixtures/heldout.en.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Example);

/** What the bot acts on for a first message (classifier, threshold, then names), and the raw guess. */
function predict(recognizer: IntentRecognizer, examples: Example[]): Prediction[] {
  return examples.map((e) => {
    const recognition = recognizer.recognize(e.text);
    const resolution = resolveTurn(recognition, { subjects: [] }, answerTable, facts.language.en);
    const [best, score] = Object.entries(recognition.intents).reduce((a, b) => (b[1] > a[1] ? b : a), [noneIntent, 0]);
    return { text: e.text, expected: e.intent, predicted: resolution.intent, best, score };
  });
}

const started = performance.now();
const recognizer = IntentRecognizer.train(training, facts, 'en');
const trainMs = performance.now() - started;
const heldOutPredictions = predict(recognizer, heldOut);
const heldOutReport = evaluate(heldOutPredictions);

const crossValidationPredictions: Prediction[] = [];
const parts = stratifiedFolds(training, folds);
parts.forEach((testPart, i) => {
  const trainPart = parts.filter((_, j) => j !== i).flat();
  crossValidationPredictions.push(...predict(IntentRecognizer.train(trainPart, facts, 'en'), testPart));
});
const crossValidationReport = evaluate(crossValidationPredictions);
// The threshold is chosen on cross-validation, never on the held-out set it is then judged on.
const threshold = chooseThreshold(crossValidationPredictions, noneIntent);
const atChosen = evaluate(heldOutPredictions.map((p) => ({ ...p, predicted: p.score < threshold.best.threshold ? noneIntent : p.best })));

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
function noneFigures(report: Report) {
  const none = report.perIntent.find((m) => m.intent === noneIntent);
  return none ? `None precision ${percent(none.precision)}, recall ${percent(none.recall)}` : 'no None examples';
}

function section(title: string, report: Report, predictions: Prediction[], svg: string): string {
  const rows = report.perIntent.map((m) => `| ${m.intent} | ${m.precision.toFixed(2)} | ${m.recall.toFixed(2)} | ${m.f1.toFixed(2)} | ${m.support} |`);
  const confusions = report.confusions.slice(0, 10).map((c) => `| ${c.expected} | ${c.predicted} | ${c.count} |`);
  const errors = report.errors.map((e) => `| ${e.text.replace(/\|/g, '\\|')} | ${e.expected} | ${e.predicted} | ${e.score.toFixed(2)} |`);
  return [
    `## ${title}`,
    '',
    `Accuracy **${percent(report.accuracy)}** on ${report.total} utterances; ${noneFigures(report)}.`,
    '',
    '| intent | precision | recall | F1 | support |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '### Worst confusions',
    '',
    '| expected | predicted | count |',
    '|---|---|---|',
    ...confusions,
    '',
    `### Confusion matrix ([heat map](${svg}))`,
    '',
    confusionMarkdown(confusionMatrix(predictions)),
    '',
    '### Misclassified',
    '',
    '| text | expected | predicted | score |',
    '|---|---|---|---|',
    ...errors,
    '',
  ].join('\n');
}

const sweepTable = [
  '| threshold | accuracy | None precision | None recall |',
  '|---|---|---|---|',
  ...threshold.sweep.map((t) => `| ${t.threshold.toFixed(2)}${t.threshold === threshold.best.threshold ? ' (best)' : ''} | ${percent(t.accuracy)} | ${percent(t.nonePrecision)} | ${percent(t.noneRecall)} |`),
].join('\n');

mkdirSync(`${root}reports`, { recursive: true });
writeFileSync(`${root}reports/confusion-heldout.svg`, confusionSvg(confusionMatrix(heldOutPredictions), 'Held-out test set: confusion matrix'));
writeFileSync(`${root}reports/confusion-crossvalidation.svg`, confusionSvg(confusionMatrix(crossValidationPredictions), `${folds}-fold cross-validation: confusion matrix`));
writeFileSync(
  `${root}reports/eval.json`,
  JSON.stringify(
    {
      threshold: { inUse: recognizer.options.threshold, chosenByCrossValidation: threshold.best, sweep: threshold.sweep, heldOutAtChosen: { accuracy: atChosen.accuracy, none: atChosen.perIntent.find((m) => m.intent === noneIntent) } },
      trainMs,
      heldOut: heldOutReport,
      crossValidation: { folds, ...crossValidationReport },
    },
    null,
    2,
  ),
);
writeFileSync(
  `${root}reports/eval.md`,
  [
    '# Intent evaluation',
    '',
    `Training on ${training.length} utterances (${recognizer.intentNames.length} intents) took ${trainMs.toFixed(0)} ms.`,
    '',
    `Threshold in use: **${recognizer.options.threshold}**. Best by ${folds}-fold cross-validation: **${threshold.best.threshold.toFixed(2)}** (accuracy ${percent(threshold.best.accuracy)}, ${`None precision ${percent(threshold.best.nonePrecision)}, recall ${percent(threshold.best.noneRecall)}`}); on the held-out set it gives ${percent(atChosen.accuracy)} (${noneFigures(atChosen)}).`,
    '',
    sweepTable,
    '',
    section('Held-out test set', heldOutReport, heldOutPredictions, 'confusion-heldout.svg'),
    section(`${folds}-fold cross-validation over intents/`, crossValidationReport, crossValidationPredictions, 'confusion-crossvalidation.svg'),
  ].join('\n'),
);

console.log(`training: ${training.length} utterances, ${recognizer.intentNames.length} intents, ${trainMs.toFixed(0)} ms`);
console.log(`held-out: accuracy ${percent(heldOutReport.accuracy)} on ${heldOutReport.total} (${noneFigures(heldOutReport)})`);
console.log(`${folds}-fold cross-validation: accuracy ${percent(crossValidationReport.accuracy)} on ${crossValidationReport.total} (${noneFigures(crossValidationReport)})`);
console.log(`threshold in use ${recognizer.options.threshold}; best by cross-validation ${threshold.best.threshold.toFixed(2)} (held-out at that threshold: ${percent(atChosen.accuracy)}, ${noneFigures(atChosen)})`);
console.log('\nper intent (held-out):');
for (const m of heldOutReport.perIntent) console.log(`  ${m.intent.padEnd(26)} P ${m.precision.toFixed(2)}  R ${m.recall.toFixed(2)}  F1 ${m.f1.toFixed(2)}  n=${m.support}`);
console.log('\nworst confusions (held-out):');
for (const c of heldOutReport.confusions.slice(0, 8)) console.log(`  ${c.expected} → ${c.predicted}: ${c.count}`);
console.log('\nmisclassified (held-out):');
for (const e of heldOutReport.errors) console.log(`  [${e.expected} → ${e.predicted} ${e.score.toFixed(2)}] ${e.text}`);
console.log('\nreports: reports/eval.md, reports/eval.json, reports/confusion-heldout.svg, reports/confusion-crossvalidation.svg');
