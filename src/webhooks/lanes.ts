/**
 * How an alarm spreads its deliveries (pure): keys (subscriptions) take turns round-robin, at most
 * `concurrency` steps run at once and at most `budget` in all (a Worker invocation may make only so
 * many subrequests). A key is never in two steps at once, so each key's work stays in order.
 */

/** What a step did: more of this key is due now, it is done for now, or it did nothing (costs no budget). */
export type StepOutcome = 'again' | 'done' | 'idle';

export interface LaneLimits {
  readonly concurrency: number;
  readonly budget: number;
}

/** Runs the steps; returns how many cost budget. */
export async function runLanes<K>(
  keys: readonly K[],
  limits: LaneLimits,
  step: (key: K) => Promise<StepOutcome>,
): Promise<number> {
  const queue = [...keys];
  let left = limits.budget;
  const lane = async (): Promise<void> => {
    for (let key = queue.shift(); key !== undefined && left > 0; key = queue.shift()) {
      left--;
      const outcome = await step(key);
      if (outcome === 'idle') left++;
      if (outcome === 'again') queue.push(key);
    }
  };
  const lanes = Math.max(1, Math.min(limits.concurrency, queue.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return limits.budget - left;
}
