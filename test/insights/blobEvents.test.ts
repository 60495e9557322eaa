// Turn events in Blob storage (Azurite on loopback): each instance appends to its own blob per hour,
// every instance's events are read back together for a period, expired blobs are deleted oldest first,
// and while storage is down events wait in the queue (recording never throws nor waits) and are written
// once it is back.
import { ContainerClient } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobEventsConfig } from '../../src/config.js';
import { BlobEventLog } from '../../src/insights/blobEventLog.js';
import { day } from '../../src/insights/eventLog.js';
import type { TurnEvent } from '../../src/insights/events.js';
import { Azurite } from '../support/azurite.js';
import { waitFor } from '../support/processes.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await Azurite.start();
}, 60_000);
afterAll(async () => azurite?.dispose(), 30_000);

const config = (container: string): BlobEventsConfig => ({
  kind: 'blob',
  container,
  retentionDays: 30,
  timeoutMs: 2000,
  connectionString: azurite.connectionString,
});
const event = (time: Date, conversation: string, outcome: TurnEvent['outcome'] = 'answered'): TurnEvent => ({
  time: time.toISOString(),
  conversation,
  channel: 'webchat',
  language: 'en',
  outcome,
});
async function all(log: BlobEventLog, from: Date, to: Date): Promise<TurnEvent[]> {
  const found: TurnEvent[] = [];
  for await (const e of log.events({ from, to })) found.push(e);
  return found.sort((a, b) => a.time.localeCompare(b.time) || a.conversation.localeCompare(b.conversation));
}
const names = async (container: string) => {
  const found: string[] = [];
  for await (const blob of new ContainerClient(azurite.connectionString, container).listBlobsFlat())
    found.push(blob.name);
  return found;
};

describe('turn events in Blob storage', () => {
  it('are appended to one blob per instance per hour, and read back together', async () => {
    const container = `events-${randomUUID().slice(0, 8)}`;
    const a = new BlobEventLog(config(container), { instance: 'host-a-1' });
    const b = new BlobEventLog(config(container), { instance: 'host-b-2' });
    const at = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
    for (let i = 0; i < 30; i++) a.record(event(at('10:15'), `a${i}`));
    a.record(event(at('11:05'), 'a-late', 'declined'));
    for (let i = 0; i < 20; i++) b.record(event(at('10:45'), `b${i}`));
    await Promise.all([a.close(), b.close()]);
    expect((await names(container)).sort()).toEqual([
      '2026/03/10/10/host-a-1.jsonl',
      '2026/03/10/10/host-b-2.jsonl',
      '2026/03/10/11/host-a-1.jsonl',
    ]);
    const reader = new BlobEventLog(config(container), { instance: 'reader' });
    const read = await all(reader, new Date('2026-03-10T00:00:00Z'), new Date('2026-03-11T00:00:00Z'));
    expect(read).toHaveLength(51);
    expect(new Set(read.map((e) => e.conversation)).size).toBe(51);
    // A period is cut to the minute, not to the blob's hour.
    expect(await all(reader, at('10:30'), at('11:00'))).toHaveLength(20);
    // Read again: the same (past hours' blobs come from the cache while unchanged).
    expect(await all(reader, new Date('2026-03-10T00:00:00Z'), new Date('2026-03-11T00:00:00Z'))).toEqual(read);
    // Appending again to a blob already written (the same instance, later in the hour).
    const again = new BlobEventLog(config(container), { instance: 'host-b-2' });
    again.record(event(at('10:50'), 'b-again'));
    await again.close();
    expect(await all(reader, at('10:00'), at('11:00'))).toHaveLength(51);
    await reader.close();
  }, 30_000);

  it('deletes the blobs older than the retention, oldest first, and keeps the rest', async () => {
    const container = `events-${randomUUID().slice(0, 8)}`;
    const log = new BlobEventLog(config(container), { instance: 'host' });
    const now = new Date('2026-03-31T12:30:00Z');
    for (const daysAgo of [45, 31, 30.4, 29, 1, 0])
      log.record(event(new Date(now.getTime() - daysAgo * day), `d${daysAgo}`));
    await log.write();
    expect(await names(container)).toHaveLength(6);
    expect(await log.deleteExpired(now)).toBe(3); // 45, 31 and 30.4 days old: their hours ended before the cutoff
    expect(await names(container)).toEqual([
      '2026/03/02/12/host.jsonl',
      '2026/03/30/12/host.jsonl',
      '2026/03/31/12/host.jsonl',
    ]);
    expect(await log.deleteExpired(now)).toBe(0);
    await log.close();
  }, 30_000);

  it('keeps the events while storage is down, without failing or waiting, and writes them once it is back', async () => {
    const container = `events-${randomUUID().slice(0, 8)}`;
    const log = new BlobEventLog(config(container), { instance: 'host' });
    log.record(event(new Date(), 'before'));
    await log.write();
    await azurite.stop();
    try {
      for (let i = 0; i < 5; i++) expect(log.record(event(new Date(), `during${i}`))).toBeUndefined();
      await log.write(); // fails inside; the events stay queued
    } finally {
      await azurite.resume();
    }
    await waitFor(
      async () => {
        await log.write();
        return (await all(log, new Date(Date.now() - day), new Date(Date.now() + day))).length === 6;
      },
      20_000,
      'the queued events to be written',
    );
    await log.close();
  }, 60_000);
});
