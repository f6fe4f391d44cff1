import { describe, expect, it } from 'vitest';
import { runLanes, type StepOutcome } from '../../src/webhooks/lanes';

/** Keys with `work` steps each; logs the order steps start in and the most running at once. */
async function run(work: Record<string, number>, concurrency: number, budget: number) {
  const left = { ...work };
  const started: string[] = [];
  let running = 0;
  let most = 0;
  const used = await runLanes(
    Object.keys(work),
    { concurrency, budget },
    async (key): Promise<StepOutcome> => {
      started.push(key);
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      left[key] = (left[key] ?? 0) - 1;
      return (left[key] ?? 0) > 0 ? 'again' : 'done';
    },
  );
  return { used, started, most, left };
}

describe('lanes', () => {
  it('takes turns round-robin within the budget', async () => {
    const { used, started, left } = await run({ a: 3, b: 3, c: 1 }, 1, 5);
    expect(used).toBe(5);
    expect(started).toEqual(['a', 'b', 'c', 'a', 'b']);
    expect(left).toEqual({ a: 1, b: 1, c: 0 });
  });

  it('runs at most `concurrency` steps at once, and never one key twice at once', async () => {
    const { used, most, started } = await run({ a: 4, b: 4, c: 4, d: 4, e: 4, f: 4, g: 4, h: 4 }, 6, 100);
    expect(used).toBe(32);
    expect(most).toBe(6);
    expect(started.filter((k) => k === 'a')).toHaveLength(4);
  });

  it('a step that did nothing costs no budget', async () => {
    const outcomes: StepOutcome[] = ['idle', 'idle', 'again', 'done'];
    const used = await runLanes(
      ['x', 'y', 'z'],
      { concurrency: 1, budget: 2 },
      async () => outcomes.shift() ?? 'done',
    );
    expect(used).toBe(2);
    expect(outcomes).toEqual([]);
  });

  it('does nothing without keys', async () => {
    expect(await runLanes([], { concurrency: 6, budget: 40 }, async () => 'again')).toBe(0);
  });
});
