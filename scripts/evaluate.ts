// npm run eval: trains the bot's exact recognizer on intents/ and measures it on the held-out set in
// test/fixtures (written separately from the training data), then by stratified k-fold
// cross-validation over intents/. Prints a summary and writes reports/eval.json and reports/eval.md.
// usage: npm run eval [-- --folds 5]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerTable } from '../src/answers/index.js';
import { resolveTurn } from '../src/conversation/resolve.js';
import { evaluate, stratifiedFolds, type Prediction, type Report } from '../src/evaluation/metrics.js';
import { loadFactBase } from '../src/facts/loader.js';
import { examplesOf, loadIntents, type Example } from '../src/nlu/corpus.js';
import { IntentRecognizer } from '../src/nlu/recognizer.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const folds = Number(process.argv[process.argv.indexOf('--folds') + 1]) || 5;
const facts = loadFactBase(`${root}data`);
const training = examplesOf(loadIntents(`${root}intents`), 'en');
const heldOut: Example[] = readFileSync(`${root}test/fixtures/heldout.en.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Example);

/** The intent the bot acts on for a first message: classifier, threshold, then the names it contains. */
function predict(recognizer: IntentRecognizer, examples: Example[]): Prediction[] {
  return examples.map((e) => {
    const recognition = recognizer.recognize(e.text);
    const resolution = resolveTurn(recognition, { subjects: [] }, answerTable, facts.language.en);
    return { text: e.text, expected: e.intent, predicted: resolution.intent, score: recognition.score };
  });
}

const started = performance.now();
const recognizer = IntentRecognizer.train(training, facts, 'en');
const trainMs = performance.now() - started;
const heldOutReport = evaluate(predict(recognizer, heldOut));

const crossValidation: Prediction[] = [];
const parts = stratifiedFolds(training, folds);
parts.forEach((testPart, i) => {
  const trainPart = parts.filter((_, j) => j !== i).flat();
  crossValidation.push(...predict(IntentRecognizer.train(trainPart, facts, 'en'), testPart));
});
const crossValidationReport = evaluate(crossValidation);

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
function noneFigures(report: Report) {
  const none = report.perIntent.find((m) => m.intent === 'None');
  return none ? `None precision ${percent(none.precision)}, recall ${percent(none.recall)}` : 'no None examples';
}

function markdown(title: string, report: Report): string {
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
    '### Misclassified',
    '',
    '| text | expected | predicted | score |',
    '|---|---|---|---|',
    ...errors,
    '',
  ].join('\n');
}

mkdirSync(`${root}reports`, { recursive: true });
writeFileSync(`${root}reports/eval.json`, JSON.stringify({ threshold: recognizer.options.threshold, trainMs, heldOut: heldOutReport, crossValidation: { folds, ...crossValidationReport } }, null, 2));
writeFileSync(
  `${root}reports/eval.md`,
  [`# Intent evaluation`, '', `Threshold ${recognizer.options.threshold}; training on ${training.length} utterances took ${trainMs.toFixed(0)} ms.`, '', markdown('Held-out test set', heldOutReport), markdown(`${folds}-fold cross-validation over intents/`, crossValidationReport)].join('\n'),
);

console.log(`training: ${training.length} utterances, ${recognizer.intentNames.length} intents, ${trainMs.toFixed(0)} ms`);
console.log(`held-out: accuracy ${percent(heldOutReport.accuracy)} on ${heldOutReport.total} (${noneFigures(heldOutReport)})`);
console.log(`${folds}-fold cross-validation: accuracy ${percent(crossValidationReport.accuracy)} on ${crossValidationReport.total} (${noneFigures(crossValidationReport)})`);
console.log('\nper intent (held-out):');
for (const m of heldOutReport.perIntent) console.log(`  ${m.intent.padEnd(26)} P ${m.precision.toFixed(2)}  R ${m.recall.toFixed(2)}  F1 ${m.f1.toFixed(2)}  n=${m.support}`);
console.log('\nworst confusions (held-out):');
for (const c of heldOutReport.confusions.slice(0, 8)) console.log(`  ${c.expected} → ${c.predicted}: ${c.count}`);
console.log('\nmisclassified (held-out):');
for (const e of heldOutReport.errors) console.log(`  [${e.expected} → ${e.predicted} ${e.score.toFixed(2)}] ${e.text}`);
console.log('\nreports: reports/eval.md, reports/eval.json');
