/**
 * Measured latency (LatencyState Durable Object): GET the table, PUT to replace it, POST to merge
 * (newest MeasuredAt wins per place and region), DELETE to clear. Bodies use the shape GET returns.
 */
import type { Context } from 'hono';
import { latencyState } from '../../latency/latency-api-client';
import { parseLatencyImport } from '../../latency/latency-api-parse';
import type { LatencyWriteResult } from '../../latency/latency-state';
import type { LatencyMeasurement } from '../../latency/snapshot';
import { invalid } from '../../validation/problem';
import type { AppEnv } from '../app-env';
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

export async function getLatency(c: Ctx): Promise<Response> {
  const table = await latencyState(c.env).read();
  return jsonResponse({
    Version: table.version,
    ...(table.updatedAt === null ? {} : { UpdatedAt: table.updatedAt }),
    MaxAgeSeconds: table.maxAgeSeconds,
    Measurements: table.measurements.map(measurementJson),
  });
}

export async function deleteLatency(c: Ctx): Promise<Response> {
  return jsonResponse(writeJson(await latencyState(c.env).clear()));
}
