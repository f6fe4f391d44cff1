/**
 * Measured latency (LatencyState Durable Object): GET the table, PUT to replace it, POST to merge
 * (newest MeasuredAt wins per place and region), DELETE to clear. Bodies use the shape GET returns.
 * GET also shows the edge's own samples (`Sampled`), the beacons they measure (`Beacons`), probe
 * RTTs from checker regions (`Probed`), client-beacon cells (`Networks`: the count and the most
 * recently updated), and the colo × region figures the latency policy uses with their sources (`Matrix`);
 * DELETE /latency/sampled forgets the samples.
 */
import type { Context } from 'hono';
import type { Beacon } from '../../latency/beacons';
import { cellKeyOf, PROBE_CELLS } from '../../latency/cell-kinds';
import { latencyState } from '../../latency/latency-api-client';
import { parseLatencyImport } from '../../latency/latency-api-parse';
import type { LatencyWriteResult } from '../../latency/latency-state';
import { publishedProbed, publishedSampled } from '../../latency/latency-store';
import { latencyMatrix } from '../../latency/matrix';
import {
  cellKey,
  cellUsable,
  EWMA_ALPHA,
  type Ewma,
  MIN_SAMPLES,
  SAMPLE_MAX_AGE_SECONDS,
} from '../../latency/sampled';
import type { LatencyMeasurement } from '../../latency/snapshot';
import { invalid } from '../../validation/problem';
import type { AppEnv } from '../app-env';
import { snapshotsFor } from '../snapshots';
import { errorResponse } from './errors';
import { readSignalJson } from './health';
import { jsonResponse } from './json';

type Ctx = Context<AppEnv>;

function measurementJson(m: LatencyMeasurement) {
  const place = m.colo !== undefined ? { Colo: m.colo } : { Network: m.network };
  return { ...place, Region: m.region, RttMs: m.rttMs, MeasuredAt: m.measuredAt };
}

function writeJson(result: LatencyWriteResult) {
  return {
    Version: result.version,
    Changed: result.changed,
    MaxAgeSeconds: result.maxAgeSeconds,
    MeasurementCount: result.count,
  };
}

async function importLatency(c: Ctx, mode: 'replace' | 'merge'): Promise<Response> {
  const json = await readSignalJson(c.req.raw);
  if (!json.ok) return errorResponse(json.error);
  const input = parseLatencyImport(json.value, Date.now());
  if (!input.ok) return errorResponse(invalid(input.error));
  const latency = latencyState(c.env);
  const result = mode === 'replace' ? await latency.replace(input.value) : await latency.merge(input.value);
  return result.ok ? jsonResponse(writeJson(result.value)) : errorResponse(result.error);
}

export const putLatency = (c: Ctx): Promise<Response> => importLatency(c, 'replace');
export const postLatency = (c: Ctx): Promise<Response> => importLatency(c, 'merge');

/** The EWMA fields every sampled cell shows. */
function ewmaJson(cell: Ewma, now: number) {
  return {
    RttMs: Math.round(cell.rttMs * 10) / 10,
    Samples: cell.samples,
    UpdatedAt: new Date(cell.updatedAt).toISOString(),
    AgeSeconds: Math.max(0, Math.round((now - cell.updatedAt) / 1000)),
    Used: cellUsable(cell, now),
  };
}

function beaconJson(beacon: Beacon) {
  return {
    Region: beacon.region,
    ...(beacon.from.kind === 'beacon-url'
      ? { Source: 'BeaconUrl', Url: beacon.from.url }
      : { Source: 'HealthCheck', HealthCheckId: beacon.from.id }),
  };
}

export async function getLatency(c: Ctx): Promise<Response> {
  const [table, { zones }] = await Promise.all([
    latencyState(c.env).read(),
    snapshotsFor(c.env, (p) => c.executionCtx.waitUntil(p)),
  ]);
  const now = Date.now();
  const beacons = [...(zones?.beacons.values() ?? [])];
  const cells = new Map(table.sampled.map((cell) => [cellKey(cell.colo, cell.region), cell]));
  const probed = new Map(table.probed.map((cell) => [cellKeyOf(PROBE_CELLS, cell), cell]));

  const matrix = latencyMatrix(
    {
      format: 1,
      version: table.version,
      updatedAt: table.updatedAt ?? new Date(0).toISOString(),
      maxAgeSeconds: table.maxAgeSeconds,
      measurements: table.measurements,
      sampled: publishedSampled(cells),
      probed: publishedProbed(probed),
    },
    zones?.regions ?? new Map(),
    beacons.map((b) => b.region),
    now,
    zones?.regionChecks,
  );
  return jsonResponse({
    Version: table.version,
    ...(table.updatedAt === null ? {} : { UpdatedAt: table.updatedAt }),
    MaxAgeSeconds: table.maxAgeSeconds,
    Measurements: table.measurements.map(measurementJson),
    Sampling: { EwmaAlpha: EWMA_ALPHA, MinSamples: MIN_SAMPLES, MaxAgeSeconds: SAMPLE_MAX_AGE_SECONDS },
    Sampled: table.sampled.map((cell) => ({ Colo: cell.colo, Region: cell.region, ...ewmaJson(cell, now) })),
    Probed: table.probed.map((cell) => ({
      Checker: cell.checker,
      HealthCheckId: cell.checkId,
      ...ewmaJson(cell, now),
    })),
    // Client-beacon cells can number 50,000: the view lists the most recently updated.
    Networks: {
      Count: table.networkCount,
      Cells: table.networks.map((cell) => ({
        Network: cell.network,
        Region: cell.region,
        ...ewmaJson(cell, now),
      })),
    },
    Beacons: beacons.map(beaconJson),
    Matrix: {
      Colos: matrix.colos,
      Regions: matrix.regions,
      Rows: matrix.rows.map((row) => row.map((cell) => ({ RttMs: cell.rttMs, Source: cell.source }))),
    },
  });
}

export async function deleteSampledLatency(c: Ctx): Promise<Response> {
  const result = await latencyState(c.env).clearSampled();
  return jsonResponse({ Version: result.version, Cleared: result.cleared });
}

export async function deleteLatency(c: Ctx): Promise<Response> {
  return jsonResponse(writeJson(await latencyState(c.env).clear()));
}
