/**
 * What a proxied response says about how it was served: `Server-Timing` on every one (each origin
 * attempt's duration and outcome, the total), and for a request with the admin token,
 * `x-edgesteer-origin`: the member chosen, the attempts, this isolate's counters for the member and
 * the policy's decision trace.
 */
import type { TraceStep } from '../resolver/trace';
import { type Attempt, labelOf } from './failover';
import type { MemberCounters } from './passive-health';

export const DEBUG_HEADER = 'x-edgesteer-origin';

/** A quoted-string for a Server-Timing `desc` (RFC 9110 §5.6.4): no quotes or backslashes inside. */
const quoted = (text: string): string => `"${text.replace(/["\\]/g, '')}"`;

export function serverTiming(attempts: readonly Attempt[], totalMs: number, cache?: 'hit' | 'miss'): string {
  const parts = attempts.map(
    (a, i) =>
      `origin-${i + 1};desc=${quoted(`${a.choice.setId ?? '-'} ${labelOf(a.choice.target)} ${a.outcome}`)};dur=${a.ms}`,
  );
  if (cache !== undefined) parts.unshift(`cache;desc=${cache}`);
  parts.push(`total;dur=${totalMs}`);
  return parts.join(', ');
}

export interface DebugInfo {
  readonly host: string;
  readonly attempts: readonly Attempt[];
  readonly counters: MemberCounters | undefined;
  readonly cache?: 'hit';
  readonly reason?: string;
}

function stepsOf(attempts: readonly Attempt[]): readonly TraceStep[] {
  return attempts.at(-1)?.choice.steps ?? [];
}

/** The debug header's value: JSON, with anything outside printable ASCII escaped. */
export function debugHeader(info: DebugInfo): string {
  const last = info.attempts.at(-1);
  const json = JSON.stringify({
    host: info.host,
    ...(info.cache ? { cache: info.cache } : {}),
    member: last ? { setId: last.choice.setId, target: labelOf(last.choice.target) } : null,
    attempts: info.attempts.map((a) => ({
      setId: a.choice.setId,
      target: labelOf(a.choice.target),
      outcome: a.outcome,
      ms: a.ms,
      detail: a.detail,
    })),
    counters: info.counters ?? null,
    ...(info.reason ? { reason: info.reason } : {}),
    trace: stepsOf(info.attempts),
  });
  return json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
