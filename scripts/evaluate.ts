// npm run eval — like `rasa test nlu`, per language: trains the bot's exact recognizer on intents/,
// measures it on the held-out set in test/fixtures (written separately from the training data) and by
// stratified k-fold cross-validation over intents/, sweeps the confidence threshold, compares one
// bilingual recognizer with one per language on the French held-out set, and writes reports/eval.json,
// reports/eval.md and confusion-matrix heat maps (reports/confusion-<language>-*.svg).
// It also runs, through the Assistant exactly as the bot answers, the sets of long and messy questions
// (a dev set the rules were designed on, and a held-out set never used to choose anything), messages
// that ask several questions, and multi-turn conversations, and reports referral accuracy and how
// often a Canada–US question is declined as off-topic.
// usage: npm run eval [-- --folds 5] [-- --quick]   (--quick: no cross-validation, seeds or bilingual comparison)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerTable } from '../src/answers/index.js';
import { Assistant } from '../src/conversation/assistant.js';
import { isTopic, nearestTopics, offered, whichToAsk } from '../src/conversation/disambiguation.js';
import { understand } from '../src/conversation/understand.js';
import { confusionMarkdown, confusionMatrix, confusionSvg } from '../src/evaluation/confusion.js';
import {
  conversations,
  firstMessages,
  referralFigures,
  severalQuestions,
  type LabelledConversation,
  type LabelledMessage,
  type LabelledQuestion,
} from '../src/evaluation/conversations.js';
import { chooseThreshold, evaluate, stratifiedFolds, type Prediction, type Report } from '../src/evaluation/metrics.js';
import { loadFactBase } from '../src/facts/loader.js';
import type { Language } from '../src/facts/schema.js';
import { examplesOf, loadIntents, type Example } from '../src/nlu/corpus.js';
import { languageDetector } from '../src/nlu/language.js';
import { defaultRecognizerOptions, IntentRecognizer, noneIntent } from '../src/nlu/recognizer.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const foldsArgument = process.argv.indexOf('--folds');
const folds = foldsArgument > 0 ? Number(process.argv[foldsArgument + 1]) : 5;
const quick = process.argv.includes('--quick');
const facts = loadFactBase(`${root}data`);
const intents = loadIntents(`${root}intents`);

/** A JSON-lines file of test/fixtures (empty when it does not exist). */
function fixture<T>(name: string): T[] {
  const file = `${root}test/fixtures/${name}`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}
const heldOutSet = (language: Language) => fixture<Example>(`heldout.${language}.jsonl`);

/** Each example as the bot understands a first message: the classifier, then the conversation's rules. */
function understandAll(recognizer: IntentRecognizer, examples: Example[], language: Language) {
  const cues = facts.language[language] ?? facts.language.en;
  return examples.map((example) => ({
    example,
    ...understand(example.text, { subjects: [] }, recognizer, cues, answerTable),
  }));
}
type Understood = ReturnType<typeof understandAll>;

/** What the bot acts on for a first message (classifier, threshold, then names), and the raw guess. */
function predictions(understood: Understood): Prediction[] {
  return understood.map(({ example: e, recognition, resolution }) => {
    const [best, score] = Object.entries(recognition.intents).reduce((a, b) => (b[1] > a[1] ? b : a), [noneIntent, 0]);
    return { text: e.text, expected: e.intent, predicted: resolution.intent, best, score };
  });
}
const predict = (recognizer: IntentRecognizer, examples: Example[], language: Language) =>
  predictions(understandAll(recognizer, examples, language));

/**
 * How often the bot asks "did you mean…?" instead of answering, how often the right topic is among the
 * two it offers, and, for in-scope questions it declines, how often the right topic is among the nearest
 * topics it suggests.
 */
function disambiguationFigures(understood: Understood) {
  let fired = 0;
  let rightOffered = 0;
  let topWasRight = 0;
  let declinedInScope = 0;
  let declinedNearestRight = 0;
  for (const { example: e, recognition, resolution } of understood) {
    const options = whichToAsk(recognition, resolution, { subjects: [] }, answerTable);
    if (options) {
      fired++;
      if (options.includes(e.intent)) rightOffered++;
      if (resolution.intent === e.intent) topWasRight++;
    } else if (resolution.intent === noneIntent && isTopic(e.intent, answerTable)) {
      declinedInScope++;
      if (nearestTopics(recognition, answerTable).includes(offered(e.intent))) declinedNearestRight++;
    }
  }
  const total = understood.length;
  return {
    total,
    fired,
    fireRate: fired / total,
    rightOffered,
    rightOfferedRate: fired ? rightOffered / fired : 0,
    topWasRight,
    declinedInScope,
    declinedNearestRight,
  };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * The held-out figures again for recognizers trained on other shuffles (training seeds): how much of a
 * difference between two versions is the shuffle's luck rather than the change.
 */
const otherSeeds = [1, 2, 3, 4];
function seedSpread(training: Example[], heldOut: Example[], language: Language, bot: Report) {
  const reports = [
    bot,
    ...otherSeeds.map((seed) =>
      evaluate(
        predict(
          IntentRecognizer.train(training, facts, language, {
            ...defaultRecognizerOptions,
            training: { ...defaultRecognizerOptions.training, seed },
          }),
          heldOut,
          language,
        ),
      ),
    ),
  ];
  const accuracies = reports.map((r) => r.accuracy);
  const none = (r: Report) => r.perIntent.find((m) => m.intent === noneIntent);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    seeds: [defaultRecognizerOptions.training.seed, ...otherSeeds],
    accuracy: { mean: mean(accuracies), min: Math.min(...accuracies), max: Math.max(...accuracies) },
    nonePrecisionMean: mean(reports.map((r) => none(r)?.precision ?? 0)),
    noneRecallMean: mean(reports.map((r) => none(r)?.recall ?? 0)),
  };
}
function noneFigures(report: Report) {
  const none = report.perIntent.find((m) => m.intent === noneIntent);
  return none ? `None precision ${percent(none.precision)}, recall ${percent(none.recall)}` : 'no None examples';
}

function section(title: string, report: Report, predictions: Prediction[], svg: string): string {
  const rows = report.perIntent.map(
    (m) => `| ${m.intent} | ${m.precision.toFixed(2)} | ${m.recall.toFixed(2)} | ${m.f1.toFixed(2)} | ${m.support} |`,
  );
  const confusions = report.confusions.slice(0, 10).map((c) => `| ${c.expected} | ${c.predicted} | ${c.count} |`);
  const errors = report.errors.map(
    (e) => `| ${e.text.replace(/\|/g, '\\|')} | ${e.expected} | ${e.predicted} | ${e.score.toFixed(2)} |`,
  );
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
    svg ? `### Confusion matrix ([heat map](${svg}))` : '### Confusion matrix',
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

mkdirSync(`${root}reports`, { recursive: true });
const json: Record<string, unknown> = {};
const markdown: string[] = ['# Intent evaluation', ''];
const summary: string[] = [];

const trained: Partial<Record<Language, IntentRecognizer>> = {};
for (const language of ['en', 'fr'] as const) {
  const training = examplesOf(intents, language);
  const heldOut = heldOutSet(language);
  if (!training.length) continue;
  const started = performance.now();
  const recognizer = IntentRecognizer.train(training, facts, language);
  trained[language] = recognizer;
  const trainMs = performance.now() - started;
  const heldOutUnderstood = understandAll(recognizer, heldOut, language);
  const heldOutPredictions = predictions(heldOutUnderstood);
  const heldOutReport = evaluate(heldOutPredictions);
  const spread = quick ? undefined : seedSpread(training, heldOut, language, heldOutReport);
  const spreadLine = !spread
    ? 'Held-out over other training seeds: not measured (--quick).'
    : `Held-out over ${spread.seeds.length} training seeds (${spread.seeds.join(', ')}; the bot's is ${spread.seeds[0]}): accuracy mean ${percent(spread.accuracy.mean)} (${percent(spread.accuracy.min)}–${percent(spread.accuracy.max)}), None precision mean ${percent(spread.nonePrecisionMean)}, recall mean ${percent(spread.noneRecallMean)}.`;

  const crossValidationPredictions: Prediction[] = [];
  const parts = quick ? [] : stratifiedFolds(training, folds);
  parts.forEach((testPart, i) => {
    const trainPart = parts.filter((_, j) => j !== i).flat();
    crossValidationPredictions.push(...predict(IntentRecognizer.train(trainPart, facts, language), testPart, language));
  });
  const crossValidationReport = evaluate(crossValidationPredictions);
  // The threshold is chosen on cross-validation, never on the held-out set it is then judged on.
  const threshold = chooseThreshold(crossValidationPredictions, noneIntent);
  const atChosen = evaluate(
    heldOutPredictions.map((p) => ({ ...p, predicted: p.score < threshold.best.threshold ? noneIntent : p.best })),
  );

  const sweepTable = [
    '| threshold | accuracy | None precision | None recall |',
    '|---|---|---|---|',
    ...threshold.sweep.map(
      (t) =>
        `| ${t.threshold.toFixed(2)}${t.threshold === threshold.best.threshold ? ' (best)' : ''} | ${percent(t.accuracy)} | ${percent(t.nonePrecision)} | ${percent(t.noneRecall)} |`,
    ),
  ].join('\n');
  const svg = (kind: string) => `confusion-${language}-${kind}.svg`;
  writeFileSync(
    `${root}reports/${svg('heldout')}`,
    confusionSvg(confusionMatrix(heldOutPredictions), `${language}: held-out test set, confusion matrix`),
  );
  writeFileSync(
    `${root}reports/${svg('crossvalidation')}`,
    confusionSvg(
      confusionMatrix(crossValidationPredictions),
      `${language}: ${folds}-fold cross-validation, confusion matrix`,
    ),
  );

  const asked = disambiguationFigures(heldOutUnderstood);
  const askedLine = `"Did you mean…?" on the held-out set: asked on ${asked.fired} of ${asked.total} (${percent(asked.fireRate)}); the right topic was among the two offered ${asked.rightOffered} times of ${asked.fired} (the first guess alone: right ${asked.topWasRight} of ${asked.fired}). Topic questions declined: ${asked.declinedInScope}, the right topic among the nearest suggested for ${asked.declinedNearestRight}.`;
  json[language] = {
    disambiguation: asked,
    threshold: {
      inUse: recognizer.options.threshold,
      chosenByCrossValidation: threshold.best,
      sweep: threshold.sweep,
      heldOutAtChosen: { accuracy: atChosen.accuracy, none: atChosen.perIntent.find((m) => m.intent === noneIntent) },
    },
    trainMs,
    heldOut: heldOutReport,
    heldOutOverSeeds: spread,
    crossValidation: { folds, ...crossValidationReport },
  };
  markdown.push(
    `# Language: ${language}`,
    '',
    `Training on ${training.length} utterances (${recognizer.intentNames.length} intents) took ${trainMs.toFixed(0)} ms.`,
    '',
    `Threshold in use: **${recognizer.options.threshold}**. Best by ${folds}-fold cross-validation: **${threshold.best.threshold.toFixed(2)}** (accuracy ${percent(threshold.best.accuracy)}, None precision ${percent(threshold.best.nonePrecision)}, recall ${percent(threshold.best.noneRecall)}); on the held-out set it gives ${percent(atChosen.accuracy)} (${noneFigures(atChosen)}).`,
    '',
    sweepTable,
    '',
    askedLine,
    '',
    spreadLine,
    '',
    section(`${language}: held-out test set`, heldOutReport, heldOutPredictions, svg('heldout')),
    section(
      `${language}: ${folds}-fold cross-validation over intents/`,
      crossValidationReport,
      crossValidationPredictions,
      svg('crossvalidation'),
    ),
  );
  summary.push(
    `[${language}] training: ${training.length} utterances, ${trainMs.toFixed(0)} ms`,
    `[${language}] held-out: accuracy ${percent(heldOutReport.accuracy)} on ${heldOutReport.total} (${noneFigures(heldOutReport)})`,
    `[${language}] ${spreadLine}`,
    `[${language}] ${askedLine}`,
    ...(quick
      ? []
      : [
          `[${language}] ${folds}-fold cross-validation: accuracy ${percent(crossValidationReport.accuracy)} on ${crossValidationReport.total} (${noneFigures(crossValidationReport)})`,
          `[${language}] threshold in use ${recognizer.options.threshold}; best by cross-validation ${threshold.best.threshold.toFixed(2)} (held-out at that threshold: ${percent(atChosen.accuracy)}, ${noneFigures(atChosen)})`,
        ]),
  );
  console.log(`\nmisclassified (${language}, held-out):`);
  for (const e of heldOutReport.errors)
    console.log(`  [${e.expected} → ${e.predicted} ${e.score.toFixed(2)}] ${e.text}`);
}

// Whole turns, as the bot answers them: long questions, several questions, conversations.
const assistant = new Assistant(facts, { ...trained, en: trained.en! }, languageDetector(facts, intents));
const turnSummary: string[] = [];
const turnMarkdown: string[] = ['# Whole turns, as the bot answers them', ''];
const allFirstMessages: Prediction[] = [];
let aboutCanadaUs = 0;
const declinedAsOffTopic: Prediction[] = [];
const turnJson: Record<string, unknown> = {};
for (const language of ['en', 'fr'] as const) {
  for (const set of ['dev', 'heldout'] as const) {
    const long = firstMessages(
      assistant,
      fixture<LabelledQuestion>(`long-${set}.${language}.jsonl`),
      language,
      answerTable,
    );
    const several = severalQuestions(
      assistant,
      fixture<LabelledMessage>(`multipart-${set}.${language}.jsonl`),
      language,
    );
    const longReport = evaluate(long.predictions);
    const severalReport = evaluate(several);
    allFirstMessages.push(...long.predictions);
    aboutCanadaUs += long.aboutCanadaUs;
    declinedAsOffTopic.push(...long.declinedAsOffTopic);
    const what = set === 'dev' ? 'dev set (used to design the rules)' : 'held-out set (never used to choose anything)';
    const line = `[${language}] long questions, ${what}: ${percent(longReport.accuracy)} of ${longReport.total} (${noneFigures(longReport)}); several questions in one message: ${percent(severalReport.accuracy)} of ${severalReport.total} answered exactly`;
    turnSummary.push(line);
    turnJson[`${language}.${set}`] = { long: longReport, several: severalReport };
    turnMarkdown.push(
      section(`${language}: long questions, ${what}`, longReport, long.predictions, ''),
      `### ${language}: several questions in one message, ${what}`,
      '',
      `Answered exactly: ${percent(severalReport.accuracy)} of ${severalReport.total}.`,
      '',
      ...severalReport.errors.map((e) => `- ${e.text} — expected ${e.expected}, answered ${e.predicted}`),
      '',
    );
  }
  const short = firstMessages(assistant, heldOutSet(language), language, answerTable);
  allFirstMessages.push(...short.predictions);
  aboutCanadaUs += short.aboutCanadaUs;
  declinedAsOffTopic.push(...short.declinedAsOffTopic);
}
const devDialogues = conversations(assistant, fixture<LabelledConversation>('conversations-dev.jsonl'), answerTable);
const devDialogueReport = evaluate(devDialogues.predictions);
const dialogues = conversations(assistant, fixture<LabelledConversation>('conversations-heldout.jsonl'), answerTable);
aboutCanadaUs += dialogues.aboutCanadaUs + devDialogues.aboutCanadaUs;
declinedAsOffTopic.push(...dialogues.declinedAsOffTopic, ...devDialogues.declinedAsOffTopic);
const dialogueReport = evaluate(dialogues.predictions);
const referrals = referralFigures(allFirstMessages, answerTable);
turnSummary.push(
  `conversations (dev set): ${percent(devDialogueReport.accuracy)} of ${devDialogueReport.total} turns right; ${devDialogues.conversationsRight} of ${devDialogues.conversations} conversations right at every turn`,
  `conversations (held-out): ${percent(dialogueReport.accuracy)} of ${dialogueReport.total} turns right; ${dialogues.conversationsRight} of ${dialogues.conversations} conversations right at every turn`,
  `referrals (all first messages): recall ${percent(referrals.recall)} of ${referrals.asked} asked, precision ${percent(referrals.precision)} of ${referrals.given} given`,
  `Canada–US questions declined as off-topic (all sets): ${declinedAsOffTopic.length} of ${aboutCanadaUs}`,
);
turnMarkdown.push(
  section('conversations (dev set), turn by turn', devDialogueReport, devDialogues.predictions, ''),
  section('conversations (held-out), turn by turn', dialogueReport, dialogues.predictions, ''),
  '## Canada–US questions declined as off-topic',
  '',
  ...(declinedAsOffTopic.length ? declinedAsOffTopic.map((p) => `- ${p.text} (${p.expected})`) : ['None.']),
  '',
);
json.turns = {
  sets: turnJson,
  conversations: { ...dialogueReport, conversationsRight: dialogues.conversationsRight },
  referrals,
  declinedAsOffTopic: { count: declinedAsOffTopic.length, of: aboutCanadaUs, questions: declinedAsOffTopic },
};
markdown.push(...turnMarkdown);
summary.push(...turnSummary);

// One bilingual recognizer against one per language, on the French held-out set.
const frenchHeldOut = heldOutSet('fr');
if (!quick && examplesOf(intents, 'fr').length && frenchHeldOut.length) {
  const bilingual = IntentRecognizer.train([...examplesOf(intents, 'en'), ...examplesOf(intents, 'fr')], facts, 'fr');
  const bilingualReport = evaluate(predict(bilingual, frenchHeldOut, 'fr'));
  const perLanguage = (json.fr as { heldOut: Report }).heldOut;
  json.bilingualComparison = { perLanguageFrench: perLanguage.accuracy, bilingualFrench: bilingualReport.accuracy };
  const line = `French held-out: one recognizer per language ${percent(perLanguage.accuracy)}, one bilingual recognizer ${percent(bilingualReport.accuracy)} (the bot uses one per language)`;
  markdown.splice(2, 0, line, '');
  summary.push(line);
}

writeFileSync(`${root}reports/eval.json`, JSON.stringify(json, null, 2));
writeFileSync(`${root}reports/eval.md`, markdown.join('\n'));
console.log(`\n${summary.join('\n')}`);
console.log(
  '\nreports: reports/eval.md, reports/eval.json, reports/confusion-<language>-heldout.svg, reports/confusion-<language>-crossvalidation.svg',
);
