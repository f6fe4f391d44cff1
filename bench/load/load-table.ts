/**
 * bench:load's figures: what one run measured (requests, CPU seconds, steal), rounds of a scenario
 * beside its two floors, the table of medians and in-round ratios the README shows, and the targets.
 */
import type { Target } from '../harness';
import { latencyMs, type WrkResult } from './wrk';

/** One load run: wrk's, or h2load's (which has no corrected histogram). */
export type LoadRun = Omit<WrkResult, 'corrected'> & { readonly corrected?: WrkResult['corrected'] };

export interface Measured {
  readonly run: LoadRun;
  readonly cpu: number;
  /** Share of the server core's time the hypervisor gave to someone else during the run. */
  readonly steal: number;
}

/** One round of a scenario: edgesteer, then the two floors with the same requests. */
export interface Round {
  readonly own: Measured;
  readonly floor: Measured;
  /** The DoH I/O floor (runtime.ts DOH_ECHO_SOURCE) with the same requests. */
  readonly echo: Measured;
}

export interface Row {
  readonly name: string;
  readonly rounds: readonly Round[];
}

export const perCpu = (r: Measured) => r.run.requests / r.cpu;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each round's ratio of edgesteer's answers per CPU-second to a floor's, taken in that round. */
export const ratios = (row: Row, floor: (r: Round) => Measured) =>
  row.rounds.map((r) => perCpu(r.own) / perCpu(floor(r)));

/** `87% (61–95%)`: the median of the rounds' ratios and their range. */
function ratioCell(values: readonly number[]): string {
  const pct = (v: number) => (100 * v).toFixed(0);
  const m = `${pct(median(values))}%`;
  return values.length === 1 ? m : `${m} (${pct(Math.min(...values))}–${pct(Math.max(...values))}%)`;
}

/** The medians of one server's runs over the rounds. */
function runCells(runs: readonly Measured[]): string[] {
  const ms = runs.map((m) => latencyMs(m.run.measured));
  const corrected = runs.flatMap((m) => (m.run.corrected ? [latencyMs(m.run.corrected).p99] : []));
  return [
    median(runs.map((m) => m.run.requests / m.run.seconds)).toFixed(0),
    median(ms.map((l) => l.p50)).toFixed(2),
    median(ms.map((l) => l.p99)).toFixed(2),
    corrected.length === 0 ? '-' : median(corrected).toFixed(2),
    median(runs.map(perCpu)).toFixed(0),
  ];
}

/** The README table: a row per scenario, then the two floors over every wrk run. */
export function tableRows(rows: readonly Row[], connections: number, rounds: number): string[][] {
  const header = [
    `scenario (GET+POST, ${connections} connections; medians of ${rounds} rounds)`,
    'qps',
    'p50 ms',
    'p99 ms',
    "wrk's p99 ms (CO-corrected)",
    'answers per server CPU-s',
    'hello world per CPU-s',
    '% of hello world (range)',
    'DoH echo per CPU-s',
    '% of DoH echo (range)',
    'errors',
    'steal',
  ];
  const steal = (runs: readonly Measured[]) => `${(100 * Math.max(...runs.map((m) => m.steal))).toFixed(1)}%`;
  const errors = (runs: readonly Measured[]) => {
    const total = runs.reduce((n, m) => n + m.run.errors, 0);
    const kinds = runs.flatMap((m) => (m.run.errorKinds ? [m.run.errorKinds] : []));
    return kinds.length === 0 ? String(total) : `${total} (${kinds.join('; ')})`;
  };
  const own = rows.map((row) => {
    const runs = row.rounds.map((r) => r.own);
    const all = row.rounds.flatMap((r) => [r.own, r.floor, r.echo]);
    return [
      row.name,
      ...runCells(runs),
      median(row.rounds.map((r) => perCpu(r.floor))).toFixed(0),
      ratioCell(ratios(row, (r) => r.floor)),
      median(row.rounds.map((r) => perCpu(r.echo))).toFixed(0),
      ratioCell(ratios(row, (r) => r.echo)),
      errors(runs),
      steal(all),
    ];
  });
  // The floors themselves, over every wrk scenario and round (the h2load row has other requests).
  const wrkRounds = rows.filter((row) => !row.name.includes('h2load')).flatMap((row) => row.rounds);
  const floors = wrkRounds.map((r) => r.floor);
  const echoes = wrkRounds.map((r) => r.echo);
  const echoShare = wrkRounds.map((r) => perCpu(r.echo) / perCpu(r.floor));
  return [
    header,
    ...own,
    [
      'hello-world floor (every wrk run)',
      ...runCells(floors),
      '-',
      '-',
      '-',
      '-',
      errors(floors),
      steal(floors),
    ],
    [
      'DoH echo floor (every wrk run)',
      ...runCells(echoes),
      median(floors.map(perCpu)).toFixed(0),
      ratioCell(echoShare),
      '-',
      '-',
      errors(echoes),
      steal(echoes),
    ],
  ];
}

/** The targets: answers per CPU-second against both floors, p99 saturated and paced, errors, cache hits. */
export const TARGET_PER_CPU = 0.8;
export const TARGET_P99_MS = 2;

export interface TargetInputs {
  /** How many leading rows are wrk scenarios (the rest are h2load's: the cross-check, then the paced row). */
  readonly scenarios: number;
  /** Upstream requests while the rounds ran. */
  readonly upstreamDuring: number;
  readonly connections: number;
  readonly rounds: number;
  readonly pacedQps: number;
}

export function loadTargets(rows: readonly Row[], inputs: TargetInputs): Target[] {
  const { scenarios, upstreamDuring, connections, rounds, pacedQps } = inputs;
  const latencyRow = rows[2]!;
  const ratio = median(ratios(latencyRow, (r) => r.floor));
  const echoRatio = median(ratios(latencyRow, (r) => r.echo));
  const echoShare = median(latencyRow.rounds.map((r) => perCpu(r.echo) / perCpu(r.floor)));
  const worstP99 = Math.max(
    ...rows
      .slice(0, scenarios)
      .map((row) => median(row.rounds.map((r) => latencyMs(r.own.run.measured).p99))),
  );
  const pacedRow = rows[rows.length - 1]!;
  const pacedP99 = median(pacedRow.rounds.map((r) => latencyMs(r.own.run.measured).p99));
  const pacedEchoP99 = median(pacedRow.rounds.map((r) => latencyMs(r.echo.run.measured).p99));
  const errors = rows.reduce((sum, row) => sum + row.rounds.reduce((n, r) => n + r.own.run.errors, 0), 0);
  return [
    {
      what: `latency-routed answers per server CPU-second ≥ ${TARGET_PER_CPU * 100}% of the hello-world floor (median of ${rounds} rounds)`,
      met: ratio >= TARGET_PER_CPU,
      detail: `${(ratio * 100).toFixed(0)}% (${(echoRatio * 100).toFixed(0)}% of the DoH echo floor, which itself reaches ${(100 * echoShare).toFixed(0)}% of hello world)`,
    },
    {
      what: `latency-routed answers per server CPU-second ≥ ${TARGET_PER_CPU * 100}% of the DoH echo floor (the same target against a floor that does DoH's HTTP side)`,
      met: echoRatio >= TARGET_PER_CPU,
      detail: `${(echoRatio * 100).toFixed(0)}%`,
    },
    {
      what: `p99 ≤ ${TARGET_P99_MS} ms at ${connections} connections (every edgesteer scenario, median of the rounds, measured samples)`,
      met: worstP99 <= TARGET_P99_MS,
      detail: `worst p99 ${worstP99.toFixed(2)} ms`,
    },
    {
      what: `p99 ≤ ${TARGET_P99_MS} ms at ${connections} connections paced at ${pacedQps} qps (latency-routed GET, median of the rounds)`,
      met: pacedP99 <= TARGET_P99_MS,
      detail: `${pacedP99.toFixed(2)} ms (the DoH echo floor at the same rate: ${pacedEchoP99.toFixed(2)} ms)`,
    },
    {
      what: 'no edgesteer errors (non-2xx, socket errors, timeouts)',
      met: errors === 0,
      detail: `${errors}`,
    },
    {
      what: 'forwarded answers are isolate cache hits while measured (upstream requests)',
      met: upstreamDuring === 0,
      detail: `${upstreamDuring}`,
    },
  ];
}
