import { describe, expect, it } from 'vitest';
import { type CellKind, cellKeyOf, EDGE_CELLS } from '../../src/latency/cell-kinds';
import { planFold, SAMPLED_RETENTION_MS } from '../../src/latency/sample-fold';
import { type LatencySample, MAX_SAMPLE_BATCH, type SampledCell } from '../../src/latency/sampled';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const sample = (colo: string, region: string, rttMs = 20, at = NOW - 1_000): LatencySample => ({
  colo,
  region,
  rttMs,
  at,
});
const cellsOf = (...cells: SampledCell[]) => new Map(cells.map((c) => [cellKeyOf(EDGE_CELLS, c), c]));

describe('planFold', () => {
  it('steps each cell once per sample, in order, and reports what it refused', () => {
    const plan = planFold(
      EDGE_CELLS,
      new Map(),
      [sample('FRA', 'eu-central-1', 20), sample('FRA', 'eu-central-1', 40), sample('fra', 'nowhere-1')],
      NOW,
    );
    expect([...plan.changed.values()]).toEqual([
      expect.objectContaining({ colo: 'FRA', region: 'eu-central-1', samples: 2 }),
    ]);
    const cell = [...plan.changed.values()][0]!;
    expect(cell.rttMs).toBeGreaterThan(20);
    expect(cell.rttMs).toBeLessThan(40);
    expect(plan).toMatchObject({ considered: 3, invalid: 1, full: 0, expired: [] });
    expect(plan.reasons).toHaveLength(1);
  });

  it(`looks at no more than ${MAX_SAMPLE_BATCH} samples and lists at most 5 reasons`, () => {
    const bad = Array.from({ length: MAX_SAMPLE_BATCH + 100 }, () => sample('FRA', 'eu-central-1', -1));
    const plan = planFold(EDGE_CELLS, new Map(), bad, NOW);
    expect(plan).toMatchObject({ considered: MAX_SAMPLE_BATCH, invalid: MAX_SAMPLE_BATCH, full: 0 });
    expect(plan.reasons).toHaveLength(5);
    expect(plan.changed.size).toBe(0);
  });

  it('refuses new cells past maxCells but still steps the cells it holds', () => {
    const tiny: CellKind<LatencySample, SampledCell> = { ...EDGE_CELLS, maxCells: 1 };
    const held = { colo: 'FRA', region: 'eu-central-1', rttMs: 20, samples: 3, updatedAt: NOW - 60_000 };
    const plan = planFold(
      tiny,
      cellsOf(held),
      [sample('AMS', 'eu-central-1'), sample('FRA', 'eu-central-1')],
      NOW,
    );
    expect(plan.full).toBe(1);
    expect([...plan.changed.keys()]).toEqual([cellKeyOf(EDGE_CELLS, held)]);
  });

  it('expires cells silent for longer than a day, unless this batch touches them', () => {
    const old = NOW - SAMPLED_RETENTION_MS - 1;
    const silent = { colo: 'AMS', region: 'eu-west-1', rttMs: 9, samples: 5, updatedAt: old };
    const revived = { colo: 'FRA', region: 'eu-west-1', rttMs: 9, samples: 5, updatedAt: old };
    const recent = { colo: 'LHR', region: 'eu-west-1', rttMs: 9, samples: 5, updatedAt: NOW - 1 };
    const plan = planFold(EDGE_CELLS, cellsOf(silent, revived, recent), [sample('FRA', 'eu-west-1')], NOW);
    expect(plan.expired).toEqual([silent]);
    expect(plan.changed.get(cellKeyOf(EDGE_CELLS, revived))).toMatchObject({ samples: 1 });
  });
});
