/**
 * Publishing a signal snapshot (`health/current`, `latency/current`) from a Durable Object alarm,
 * the way the control plane publishes its config (control/control-plane.ts): a write bumps the
 * version inside its transaction and asks for an alarm; the alarm writes the snapshot of the newest
 * version to KV when pacing allows (publish-pacing.ts), records it as published, and comes back for
 * changes made meanwhile. Unlike the config, a signal snapshot is one small value, simply
 * overwritten.
 *
 * A failed KV write schedules another attempt PUBLISH_RETRY_MS later (it costs no pacing budget),
 * and an object that lost its alarm schedules one again on start and whenever versions are read,
 * so a change is never left unpublished.
 */

import { writeMetaValue } from '../durable/meta-table';
import { afterWrite, earliestWrite, type PublishPacing, publishAt } from './publish-pacing';
import { readSignalMeta, type SignalMeta } from './signal-meta';

export const PUBLISH_RETRY_MS = 30_000;

export type PublishOutcome = 'up-to-date' | 'paced' | 'retrying' | 'published';

export interface SignalVersions {
  /** Version of the newest change (0: none yet). */
  readonly committed: number;
  /** Version KV holds (0: nothing published). */
  readonly published: number;
}

export class SignalPublisher {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly key: string,
    private readonly pacing: PublishPacing,
  ) {}

  meta(): SignalMeta {
    return readSignalMeta(this.storage.sql);
  }

  versions(): SignalVersions {
    const meta = this.meta();
    return { committed: meta.version, published: meta.published };
  }

  /** Records a change of the published content; call inside the write's transaction. */
  recordChange(now: number): number {
    const version = this.meta().version + 1;
    writeMetaValue(this.storage.sql, 'version', version);
    writeMetaValue(this.storage.sql, 'changed_at', now);
    return version;
  }

  /** Makes sure an alarm will publish what KV does not hold yet. */
  async schedule(now: number): Promise<void> {
    const meta = this.meta();
    if (meta.published >= meta.version) return;
    const at = publishAt(meta.paceTat, now, this.pacing);
    const current = await this.storage.getAlarm();
    if (current === null || current > at) await this.storage.setAlarm(at);
  }

  /** Schedules a lost publish (an alarm that gave up, or storage moved without its alarm). */
  async resume(now: number): Promise<void> {
    const meta = this.meta();
    if (meta.published < meta.version && (await this.storage.getAlarm()) === null) await this.schedule(now);
  }

  /** The alarm's work: writes `render(meta)` (the snapshot of the current content) when due. */
  async publish(kv: KVNamespace, now: number, render: (meta: SignalMeta) => string): Promise<PublishOutcome> {
    const meta = this.meta();
    if (meta.published >= meta.version) return 'up-to-date';
    const earliest = earliestWrite(meta.paceTat, now, this.pacing);
    if (now < earliest) {
      await this.storage.setAlarm(earliest);
      return 'paced';
    }
    // Rendered before any await, so the text is exactly the content of meta.version.
    const text = render(meta);
    try {
      await kv.put(this.key, text);
    } catch (error) {
      console.error(`publishing ${this.key} failed:`, error instanceof Error ? error.message : String(error));
      await this.storage.setAlarm(now + PUBLISH_RETRY_MS);
      return 'retrying';
    }
    const sql = this.storage.sql;
    this.storage.transactionSync(() => {
      const latest = this.meta();
      if (latest.published < meta.version) writeMetaValue(sql, 'published_version', meta.version);
      writeMetaValue(sql, 'pace_tat', afterWrite(latest.paceTat, now, this.pacing));
    });
    // Changes made while KV was being written go out with the next write.
    await this.schedule(now);
    return 'published';
  }
}
