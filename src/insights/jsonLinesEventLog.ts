// Turn events in JSON-lines files on this machine (STORAGE=memory: one process): one line per event,
// appended whole at once, the file rotated by size (file → file.1 → file.2), and expired lines removed
// by rewriting the files that hold any.
import { eventsInPeriod, retentionCutoff, type EventLog, type Period } from './eventLogTypes.js';
import { isTurnEvent, type TurnEvent } from './events.js';
import {
  appendJsonLine,
  defaultRotation,
  ensureFolder,
  logFiles,
  readJsonLines,
  rewriteJsonLines,
  type Rotation,
} from './jsonLines.js';

export class JsonLinesEventLog implements EventLog {
  constructor(
    private readonly path: string,
    private readonly rotation: Rotation = defaultRotation,
    private readonly retentionDays = 90,
  ) {
    ensureFolder(path);
  }

  get where(): string {
    const files = logFiles(this.path);
    return files.length > 1 ? `${this.path} (and ${files.length - 1} rotated)` : this.path;
  }

  record(event: TurnEvent): void {
    appendJsonLine(this.path, event, this.rotation);
  }

  async *events(period: Period): AsyncIterable<TurnEvent> {
    for (const file of logFiles(this.path)) yield* eventsInPeriod(readJsonLines<unknown>(file), period);
  }

  async deleteExpired(now = new Date()): Promise<number> {
    const cutoff = retentionCutoff(now, this.retentionDays).getTime();
    let deleted = 0;
    for (const file of logFiles(this.path))
      deleted += rewriteJsonLines(file, (entry) => isTurnEvent(entry) && Date.parse(entry.time) >= cutoff);
    return deleted;
  }

  async close(): Promise<void> {}
}
