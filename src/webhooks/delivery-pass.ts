/**
 * One alarm's work for HealthWebhooks: every subscription whose oldest pending delivery is due gets
 * it sent, then its next one if that is due too; lanes.ts spreads the sends (≤ 40 in all, ≤ 6 at
 * once, in order per subscription). Each attempt's end is stored before the next one starts.
 */

import { OPEN_CONNECTIONS } from '../platform-limits';
import { type DeliveryDeps, deliver } from './deliver';
import { runLanes, type StepOutcome } from './lanes';
import * as outbox from './outbox';
import { afterAttempt } from './retry';
import { readTarget, recordAttempt } from './subscriptions';

/** Deliveries per alarm invocation: inside the Free plan's subrequests, with room for storage. */
export const MAX_FETCHES_PER_ALARM = 40;
export const MAX_CONCURRENT = OPEN_CONNECTIONS;

export interface PassDeps extends DeliveryDeps {
  /** Uniform in [0, 1): retry jitter. */
  readonly random: () => number;
}

/** One attempt at the subscription's oldest pending delivery, if it is due. */
async function deliverHead(
  storage: DurableObjectStorage,
  subscriptionId: string,
  deps: PassDeps,
): Promise<StepOutcome> {
  const sql = storage.sql;
  const target = readTarget(sql, subscriptionId);
  const head = outbox.headOf(sql, subscriptionId);
  if (target === null || head === null || head.nextAt > deps.now()) return 'idle';
  const request = { url: target.url, secret: target.secret, eventId: head.eventId, body: head.body };
  const outcome = await deliver(request, deps);
  const at = deps.now();
  const attempts = head.attempts + 1;
  const after = afterAttempt(attempts, outcome.ok, at, deps.random());
  storage.transactionSync(() => {
    const finished = outbox.finishAttempt(sql, head.seq, attempts, after);
    recordAttempt(sql, subscriptionId, {
      at,
      status: outcome.status,
      error: outcome.ok ? null : outcome.error,
      state: finished ? after.state : null,
    });
  });
  const next = outbox.headOf(sql, subscriptionId);
  return next !== null && next.nextAt <= deps.now() ? 'again' : 'done';
}

/** Sends what is due now; returns how many requests went out. */
export async function deliverDue(storage: DurableObjectStorage, deps: PassDeps): Promise<number> {
  const due = outbox.dueSubscriptions(storage.sql, deps.now());
  const limits = { concurrency: MAX_CONCURRENT, budget: MAX_FETCHES_PER_ALARM };
  const sent = await runLanes(due, limits, (id) => deliverHead(storage, id, deps));
  outbox.pruneFinished(storage.sql);
  return sent;
}
