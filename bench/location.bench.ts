/**
 * Client location cost per query: the IP → country lookup (binary search over ~335k IPv4 and
 * ~267k IPv6 runs), a whole locateClient from ECS and from request.cf, and one latency figure.
 * Also the one-off cost of parsing the bundled tables in a fresh isolate.
 */
import type { ClientSubnet } from '../src/dns/message';
import { buildLatencyIndex } from '../src/latency/latency-index';
import { latencyFor } from '../src/latency/model';
import { geoTable, lookupCountry } from '../src/location/geoip';
import { locateClient } from '../src/location/locate';
import { BUILTIN_REGIONS } from '../src/location/regions';
import { measure, report, type Target, timeOnce } from './harness';

const LOOKUP_TARGET_MICROS = 5;

/** Deterministic pseudo-random addresses (xorshift32), so runs compare. */
function addresses(count: number, bytes: 4 | 16): Uint8Array[] {
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  return Array.from({ length: count }, () => {
    const out = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i += 4) new DataView(out.buffer).setUint32(i, next());
    if (bytes === 16) out[0] = 0x20 | (out[0]! & 0x0f); // inside 2000::/4, where allocations are
    return out;
  });
}

export default function bench(): boolean {
  const load4 = timeOnce(() => geoTable(4));
  const load6 = timeOnce(() => geoTable(6));

  const v4 = addresses(4096, 4);
  const v6 = addresses(4096, 16);
  let i = 0;
  const lookup4 = measure('lookupCountry IPv4 (random)', () => lookupCountry(v4[i++ & 4095]!));
  const lookup6 = measure('lookupCountry IPv6 (random in 2000::/4)', () => lookupCountry(v6[i++ & 4095]!));

  const subnet: ClientSubnet = {
    family: 1,
    sourcePrefix: 24,
    scopePrefix: 0,
    address: Uint8Array.of(81, 0, 130),
  };
  const cf = {
    colo: 'FRA',
    country: 'DE',
    continent: 'EU',
    regionCode: 'HE',
    latitude: '50.11',
    longitude: '8.68',
    asn: 3320,
  };
  const fromEcs = measure('locateClient from public ECS', () =>
    locateClient({ subnet, cf, connectingIp: '81.0.130.1' }),
  );
  const fromCf = measure('locateClient from request.cf', () =>
    locateClient({ subnet: null, cf, connectingIp: '81.0.130.1' }),
  );

  const index = buildLatencyIndex(null, Date.now());
  const client = locateClient({ subnet: null, cf, connectingIp: '81.0.130.1' });
  const region = { id: 'us-east-1', ...BUILTIN_REGIONS.get('us-east-1')! };
  const latency = measure('latencyFor (estimate)', () => latencyFor(index, client, region));

  const rows = [
    ['what', 'median µs', 'best µs'],
    ...[lookup4, lookup6, fromEcs, fromCf, latency].map((m) => [
      m.name,
      m.micros.toFixed(3),
      m.bestMicros.toFixed(3),
    ]),
    ['parse IPv4 table (once per isolate, cold)', (load4.ms * 1000).toFixed(1), '-'],
    ['parse IPv6 table (once per isolate, cold)', (load6.ms * 1000).toFixed(1), '-'],
  ];
  const targets: Target[] = [
    {
      what: `IP → country lookup ≤ ${LOOKUP_TARGET_MICROS} µs`,
      met: Math.max(lookup4.micros, lookup6.micros) <= LOOKUP_TARGET_MICROS,
      detail: `IPv4 ${lookup4.micros.toFixed(3)} µs, IPv6 ${lookup6.micros.toFixed(3)} µs`,
    },
  ];
  return report('Client location', rows, targets);
}
