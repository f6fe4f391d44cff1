/**
 * The colo × region view of the latency table (GET /api/v1/latency `Matrix`, `edgesteer latency`):
 * for every colo the table knows and every region it or a beacon names, the figure the latency
 * policy would use for a client at that colo (model.ts `latencyFor`, the same code), with its
 * source. Colos edgesteer has no coordinates for show only measured cells. Probe figures (spec
 * §5.5) add the colos within PROBE_NEAR_KM of a checker region that has them.
 */
import { COLOS, coloInfo } from '../location/colos';
import { BUILTIN_REGIONS } from '../location/regions';
import type { ClientLocation } from '../location/types';
import { distanceKm } from './distance';
import { buildLatencyIndex } from './latency-index';
import { type LatencySource, latencyFor, PROBE_NEAR_KM, type RegionPoint } from './model';
import type { LatencySnapshot } from './snapshot';

/** Colos and regions one matrix shows at most (the table may hold more; the JSON lists stay whole). */
export const MAX_MATRIX_COLOS = 400;
export const MAX_MATRIX_REGIONS = 100;

export interface MatrixCell {
  /** Rounded to 0.1 ms; null when unknown. */
  readonly rttMs: number | null;
  readonly source: LatencySource;
}

export interface LatencyMatrix {
  readonly colos: readonly string[];
  readonly regions: readonly string[];
  /** rows[i][j]: colo i → region j. */
  readonly rows: readonly (readonly MatrixCell[])[];
}

export function latencyMatrix(
  snapshot: LatencySnapshot,
  operatorRegions: ReadonlyMap<string, RegionPoint>,
  extraRegions: Iterable<string>,
  now: number,
  regionChecks: ReadonlyMap<string, readonly string[]> = new Map(),
): LatencyMatrix {
  const index = buildLatencyIndex(snapshot, now);
  const colos = new Set<string>();
  const regionIds = new Set<string>(extraRegions);
  for (const m of snapshot.measurements) {
    if (m.colo !== undefined) colos.add(m.colo.toUpperCase());
    regionIds.add(m.region);
  }
  for (const c of snapshot.sampled ?? []) {
    colos.add(c.colo.toUpperCase());
    regionIds.add(c.region);
  }
  const checkers = new Set(
    [...index.probed.values()].flatMap((cells) => cells.map((c) => BUILTIN_REGIONS.get(c.checker))),
  );
  for (const checker of checkers) {
    if (checker === undefined) continue;
    for (const [code, info] of COLOS) if (distanceKm(info, checker) <= PROBE_NEAR_KM) colos.add(code);
  }
  const regions: RegionPoint[] = [];
  for (const id of [...regionIds].sort().slice(0, MAX_MATRIX_REGIONS)) {
    const point = operatorRegions.get(id) ?? BUILTIN_REGIONS.get(id);
    regions.push(
      point === undefined ? { id, latitude: Number.NaN, longitude: Number.NaN } : { ...point, id },
    );
  }
  const coloList = [...colos].sort().slice(0, MAX_MATRIX_COLOS);
  const rows = coloList.map((colo) => {
    const info = coloInfo(colo);
    const client: ClientLocation = info
      ? {
          source: 'explicit',
          colo,
          latitude: info.latitude,
          longitude: info.longitude,
          coordinatesFrom: 'colo',
        }
      : { source: 'explicit', colo };
    return regions.map((region): MatrixCell => {
      const figure = Number.isNaN(region.latitude)
        ? latencyFor(index, { source: 'explicit', colo }, region, false)
        : latencyFor(index, client, region, false, regionChecks.get(region.id));
      return {
        rttMs: Number.isFinite(figure.ms) ? Math.round(figure.ms * 10) / 10 : null,
        source: figure.source,
      };
    });
  });
  return { colos: coloList, regions: regions.map((r) => r.id), rows };
}
