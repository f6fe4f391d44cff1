/**
 * Cost of routed answers beside a simple answer, through the same decode → resolve → encode path:
 * a latency group of 20 regions located by ECS, and a 4-level policy tree
 * (geolocation → latency → weighted → failover) joined by aliases.
 */
import { decodeQuery } from '../src/dns/codec/decode';
import { encodeResponse } from '../src/dns/codec/encode';
import { EMPTY_LATENCY_INDEX } from '../src/latency/latency-index';
import { BUILTIN_REGIONS } from '../src/location/regions';
import { resolve } from '../src/resolver/pipeline';
import { healthViewOf, type Signals } from '../src/resolver/signals';
import type { ZoneIndex } from '../src/zones/zone-index';
import { queryBytes } from '../test/support/dns';
import { POLICY_TREE } from '../test/support/policy-fixtures';
import { type RoutedSet, routedIndex, SOA_ZONE } from '../test/support/routed';
import { allocatedBytesPerCall, measure, report } from './harness';

const SIGNALS: Signals = { health: healthViewOf(null), latency: EMPTY_LATENCY_INDEX, latencyVersion: 0 };
const ECS_DE = { code: 8, data: Buffer.from([0, 1, 24, 0, 2, 28, 7]) };

function run(zones: ZoneIndex, name: string): () => unknown {
  const q = queryBytes(name, 'A', { edns: { options: [ECS_DE] } });
  return () => {
    const d = decodeQuery(q);
    if (!d.ok) throw new Error(d.error);
    return encodeResponse(
      resolve(d.value, zones, { recursionAvailable: false }, { signals: SIGNALS, random: Math.random })
        .response,
    );
  };
}

export default async function bench(): Promise<boolean> {
  const regions = [...BUILTIN_REGIONS.keys()].filter((id) => /^[a-z]{2}-[a-z]+-\d$/.test(id)).slice(0, 20);
  const latency: RoutedSet[] = regions.map((region, i) => ({
    name: 'lat.example.',
    type: 'A',
    values: [`192.0.2.${i + 1}`],
    setId: region,
    routing: { kind: 'latency', region },
    healthCheckId: `hc-${region}`,
  }));

  const zones = routedIndex({ 'example.': `${SOA_ZONE('example.')}simple A 192.0.2.99\n` }, [
    ...latency,
    ...POLICY_TREE,
  ]);
  // Interleaved rounds, each keeping its fastest batch, so the ratios compare like with like.
  const runners = [run(zones, 'simple.example'), run(zones, 'lat.example'), run(zones, 'www.example')];
  const best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let round = 0; round < 5; round++) {
    runners.forEach((fn, i) => {
      best[i] = Math.min(best[i]!, measure(String(i), fn, { batches: 9, minMs: 100 }).bestMicros);
    });
  }
  const [simple, lat, fourLevels] = best as [number, number, number];
  const bytes: number[] = [];
  for (const fn of runners) bytes.push(await allocatedBytesPerCall(fn));
  const f = (n: number) => n.toFixed(2);
  const kb = (i: number) => (bytes[i]! / 1024).toFixed(2);
  return report(
    'Routed answers, µs per query (decode + locate + select + encode; ECS 2.28.7.0/24; fastest batch of 5 interleaved rounds)',
    [
      ['answer', 'µs', 'vs simple', 'KiB allocated'],
      ['simple A (ECS echoed)', f(simple), '1.00×', kb(0)],
      [`latency group, ${regions.length} regions`, f(lat), `${f(lat / simple)}×`, kb(1)],
      [
        '4-level tree (geo → latency → weighted → failover)',
        f(fourLevels),
        `${f(fourLevels / simple)}×`,
        kb(2),
      ],
    ],
    [
      {
        what: 'latency-routed answer ≤ 1.5× a simple answer',
        met: lat <= 1.5 * simple,
        detail: `${f(lat / simple)}×`,
      },
      {
        what: '4-level tree ≤ 3× a simple answer',
        met: fourLevels <= 3 * simple,
        detail: `${f(fourLevels / simple)}×`,
      },
    ],
  );
}
