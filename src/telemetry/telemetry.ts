// What the bot reports about itself — HTTP requests, turns, storage calls — as an interface that names
// no telemetry library. The edges (server/, bot/, storage.ts) call it; noTelemetry does nothing and
// costs nothing, and openTelemetry.ts, loaded only when telemetry is configured (start.ts), sends
// traces and metrics. Nothing here carries a message's text.

import type { TurnOutcome } from '../conversation/outcome.js';

/** What a turn reports: the fields assistantBot.ts logs per turn, never the text. */
export interface TurnReport {
  channel: string;
  outcome: TurnOutcome;
  language?: string | undefined;
  intent?: string | undefined;
  score?: number | undefined;
  /** How the intent was decided (classifier, followUp, cue…). */
  via?: string | undefined;
  rating?: string | undefined;
  /** Times the turn was decided, more than 1 when another turn of the conversation saved first. */
  attempts?: number | undefined;
}

export interface RequestTelemetry {
  /** Runs `work` inside the request, so that the turn and storage calls it makes are its children. */
  within<T>(work: () => Promise<T>): Promise<T>;
  /** @param route the route that matched (`/api/messages`), when one did */
  end(status: number, route?: string): void;
}

export interface Telemetry {
  /** An HTTP request begins; it is named by its route when it ends (a path could hold a conversation id). */
  request(method: string): RequestTelemetry;
  /** Runs a turn; `report` records what it decided (called once, when known). */
  turn<T>(work: (report: (fields: TurnReport) => void) => Promise<T>): Promise<T>;
  /** A call to something outside the process (the storage account): its target, e.g. the account's host, and operation. */
  dependency<T>(target: string, operation: string, work: () => Promise<T>): Promise<T>;
}

const noRequest: RequestTelemetry = { within: (work) => work(), end: () => undefined };

export const noTelemetry: Telemetry = {
  request: () => noRequest,
  turn: (work) => work(() => undefined),
  dependency: (_target, _operation, work) => work(),
};
