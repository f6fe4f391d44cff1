/** The time budget of `fallback`: shares are computed from the whole budget, then from what is left. */
import { describe, expect, it } from 'vitest';
import type { Upstream } from '../../src/forward/config';
import { type Attempt, exchange } from '../../src/forward/exchange';
import { err } from '../../src/result';

const upstream = (host: string) => ({ host, url: `https://${host}/dns-query` }) as unknown as Upstream;

describe('fallback budget', () => {
  it('gives the first upstream its full share even when the clock moved before it was asked', async () => {
    let t = 1000;
    const asked: number[] = [];
    const attempt: Attempt = async (u, ms) => {
      asked.push(ms);
      t += ms; // the attempt uses all of its time
      return err({ kind: 'timeout', host: u.host, ms });
    };
    const now = () => t++; // every read of the clock moves it on by 1 ms
    const r = await exchange({ upstreams: [upstream('a')], mode: 'fallback', budgetMs: 300, now }, attempt);
    expect(asked).toEqual([300]);
    expect(r.ok).toBe(false);
  });

  it('splits what is left between the upstreams not yet asked', async () => {
    let t = 0;
    const asked: number[] = [];
    const attempt: Attempt = async (u, ms) => {
      asked.push(ms);
      t += 100;
      return err({ kind: 'network', host: u.host });
    };
    await exchange(
      {
        upstreams: [upstream('a'), upstream('b'), upstream('c')],
        mode: 'fallback',
        budgetMs: 900,
        now: () => t,
      },
      attempt,
    );
    expect(asked).toEqual([300, 400, 700]);
  });

  it('a cancelled exchange (the client went away) asks no further upstream', async () => {
    const cancel = new AbortController();
    const asked: string[] = [];
    const attempt: Attempt = async (u) => {
      asked.push(u.host);
      cancel.abort();
      return err({ kind: 'network', host: u.host });
    };
    await exchange(
      {
        upstreams: [upstream('a'), upstream('b')],
        mode: 'fallback',
        budgetMs: 900,
        now: () => 0,
        cancel: cancel.signal,
      },
      attempt,
    );
    expect(asked).toEqual(['a']);
  });
});
