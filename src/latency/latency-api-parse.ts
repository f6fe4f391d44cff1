/**
 * The body of `PUT` / `POST /api/v1/latency`:
 *
 *   {"MaxAgeSeconds": 86400,
 *    "Measurements": [{"Colo": "FRA", "Region": "eu-central-1", "RttMs": 12.5, "MeasuredAt": "…"},
 *                     {"Network": "198.51.100.0/24", "Region": "us-east-1", "RttMs": 80, "MeasuredAt": "…"}]}
 *
 * Checked as a whole; every problem comes back with its JSON path (up to MAX_PROBLEMS). Values come
 * out canonical: networks in one text form, times as ISO UTC with milliseconds.
 */
import { err, ok, type Result } from '../result';
import type { Problem } from '../validation/problem';
import { ProblemList } from '../validation/problem-list';
import { parseCidr } from './latency-api-cidr';
import { parseDateTime } from './latency-api-time';
import { measurementKey } from './latency-store';
import {
  MAX_FUTURE_SKEW_MS,
  MAX_MAX_AGE_SECONDS,
  MAX_MEASUREMENTS,
  MAX_RTT_MS,
  MIN_MAX_AGE_SECONDS,
} from './latency-store-limits';
import type { LatencyMeasurement } from './snapshot';

export interface LatencyImport {
  /** Absent: a replace uses the default, a merge keeps the current value. */
  readonly maxAgeSeconds?: number;
  readonly measurements: readonly LatencyMeasurement[];
}

const TOP_MEMBERS = ['MaxAgeSeconds', 'Measurements'];
const MEASUREMENT_MEMBERS = ['Colo', 'Network', 'Region', 'RttMs', 'MeasuredAt'];
const COLO = /^[A-Z]{3}$/;
const REGION = /^[a-z0-9-]{1,64}$/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownMembers(object: Json, known: readonly string[], path: string, problems: ProblemList): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) problems.add(`${path}/${key}`, `unknown member; expected ${known.join(', ')}`);
  }
}

function parseMaxAge(value: unknown, problems: ProblemList): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < MIN_MAX_AGE_SECONDS ||
    value > MAX_MAX_AGE_SECONDS
  ) {
    problems.add(
      '/MaxAgeSeconds',
      `expected whole seconds from ${MIN_MAX_AGE_SECONDS} to ${MAX_MAX_AGE_SECONDS}`,
    );
  }
  return typeof value === 'number' ? value : undefined;
}

/** Where the client is: exactly one of Colo and Network. */
function parsePlace(
  item: Json,
  path: string,
  problems: ProblemList,
): { colo: string } | { network: string } | null {
  const { Colo: colo, Network: network } = item;
  if ((colo === undefined) === (network === undefined)) {
    problems.add(path, 'give exactly one of Colo (an IATA code) and Network (a CIDR)');
    return null;
  }
  if (colo !== undefined) {
    if (typeof colo === 'string' && COLO.test(colo)) return { colo };
    problems.add(`${path}/Colo`, 'expected a 3-letter uppercase IATA code, e.g. FRA');
    return null;
  }
  const cidr = typeof network === 'string' ? parseCidr(network) : err('expected a CIDR string');
  if (cidr.ok) return { network: cidr.value };
  problems.add(`${path}/Network`, cidr.error);
  return null;
}

function parseMeasurement(
  item: unknown,
  path: string,
  now: number,
  problems: ProblemList,
): LatencyMeasurement | null {
  if (!isObject(item)) {
    problems.add(path, 'expected an object with Colo or Network, Region, RttMs, MeasuredAt');
    return null;
  }
  unknownMembers(item, MEASUREMENT_MEMBERS, path, problems);
  const place = parsePlace(item, path, problems);
  const { Region: region, RttMs: rttMs, MeasuredAt: measuredAt } = item;
  const regionOk = typeof region === 'string' && REGION.test(region);
  if (!regionOk) problems.add(`${path}/Region`, 'expected a region id of 1–64 characters a–z 0–9 -');
  const rttOk = typeof rttMs === 'number' && Number.isFinite(rttMs) && rttMs > 0 && rttMs <= MAX_RTT_MS;
  if (!rttOk) problems.add(`${path}/RttMs`, `expected milliseconds above 0 and at most ${MAX_RTT_MS}`);
  const time =
    typeof measuredAt === 'string' ? parseDateTime(measuredAt) : err('expected an RFC 3339 date-time string');
  if (!time.ok) problems.add(`${path}/MeasuredAt`, time.error);
  else if (time.value > now + MAX_FUTURE_SKEW_MS) {
    problems.add(`${path}/MeasuredAt`, 'more than 5 minutes in the future');
  }
  if (place === null || !regionOk || !rttOk || !time.ok) return null;
  return { ...place, region, rttMs, measuredAt: new Date(time.value).toISOString() };
}

/** Parses and checks an import body; `now` bounds MeasuredAt. */
export function parseLatencyImport(json: unknown, now: number): Result<LatencyImport, Problem[]> {
  if (!isObject(json)) return err([{ path: '', message: 'expected a JSON object with Measurements' }]);
  const problems = new ProblemList();
  unknownMembers(json, TOP_MEMBERS, '', problems);
  const maxAgeSeconds = parseMaxAge(json['MaxAgeSeconds'], problems);
  const items = json['Measurements'];
  const measurements: LatencyMeasurement[] = [];
  if (!Array.isArray(items)) {
    problems.add('/Measurements', 'required: an array of measurements');
  } else if (items.length > MAX_MEASUREMENTS) {
    problems.add('/Measurements', `${items.length} measurements; at most ${MAX_MEASUREMENTS}`);
  } else {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      if (problems.full) return;
      const path = `/Measurements/${i}`;
      const measurement = parseMeasurement(item, path, now, problems);
      if (measurement === null) return;
      const key = measurementKey(measurement);
      const first = seen.get(key);
      if (first !== undefined) problems.add(path, `same place and region as /Measurements/${first}`);
      else seen.set(key, i);
      measurements.push(measurement);
    });
  }
  if (!problems.empty) return err(problems.items);
  return ok(maxAgeSeconds === undefined ? { measurements } : { maxAgeSeconds, measurements });
}
