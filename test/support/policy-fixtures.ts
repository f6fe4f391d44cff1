/**
 * Shared routing fixtures: a 4-level policy tree joined by aliases, and a latency-routed zone in
 * Route 53 list-resource-record-sets JSON. Plain data, usable from workerd tests, Node e2e tests and
 * the bench.
 */
import type { RoutedSet } from './routed';

/**
 * www.example.: geolocation (EU → a latency tree, everyone else → the US pool) → latency between
 * Frankfurt and Dublin → weighted between two failover pairs → failover. Health checks a-p, a-s,
 * b-p, b-s guard the pairs.
 */
export const POLICY_TREE: readonly RoutedSet[] = [
  // Level 1: geolocation. Europe goes to the EU latency tree, everyone else to the US pool.
  {
    name: 'www.example.',
    type: 'A',
    setId: 'eu',
    routing: { kind: 'geolocation', continent: 'EU' },
    alias: { name: 'eu.lat.example.', evaluateTargetHealth: true },
  },
  {
    name: 'www.example.',
    type: 'A',
    setId: 'default',
    routing: { kind: 'geolocation', country: '*' },
    alias: { name: 'pool-us.example.', evaluateTargetHealth: true },
  },
  // Level 2: latency between two EU regions.
  {
    name: 'eu.lat.example.',
    type: 'A',
    setId: 'fra',
    routing: { kind: 'latency', region: 'eu-central-1' },
    alias: { name: 'pool-fra.example.', evaluateTargetHealth: true },
  },
  {
    name: 'eu.lat.example.',
    type: 'A',
    setId: 'dub',
    routing: { kind: 'latency', region: 'eu-west-1' },
    alias: { name: 'pool-us.example.', evaluateTargetHealth: true },
  },
  // Level 3: weighted inside Frankfurt: two failover pairs.
  {
    name: 'pool-fra.example.',
    type: 'A',
    setId: 'a',
    routing: { kind: 'weighted', weight: 1 },
    alias: { name: 'fo-a.example.', evaluateTargetHealth: true },
  },
  {
    name: 'pool-fra.example.',
    type: 'A',
    setId: 'b',
    routing: { kind: 'weighted', weight: 1 },
    alias: { name: 'fo-b.example.', evaluateTargetHealth: true },
  },
  // Level 4: failover pairs.
  {
    name: 'fo-a.example.',
    type: 'A',
    ttl: 30,
    values: ['198.51.100.1'],
    setId: 'p',
    routing: { kind: 'failover', role: 'PRIMARY' },
    healthCheckId: 'a-p',
  },
  {
    name: 'fo-a.example.',
    type: 'A',
    ttl: 30,
    values: ['198.51.100.2'],
    setId: 's',
    routing: { kind: 'failover', role: 'SECONDARY' },
    healthCheckId: 'a-s',
  },
  {
    name: 'fo-b.example.',
    type: 'A',
    ttl: 30,
    values: ['198.51.100.3'],
    setId: 'p',
    routing: { kind: 'failover', role: 'PRIMARY' },
    healthCheckId: 'b-p',
  },
  {
    name: 'fo-b.example.',
    type: 'A',
    ttl: 30,
    values: ['198.51.100.4'],
    setId: 's',
    routing: { kind: 'failover', role: 'SECONDARY' },
    healthCheckId: 'b-s',
  },
  { name: 'pool-us.example.', type: 'A', ttl: 45, values: ['203.0.113.9'] },
];

/** Regions of the latency fixtures: SetIdentifier, region, answer. */
export const LATENCY_REGIONS = [
  ['virginia', 'us-east-1', '192.0.2.1'],
  ['frankfurt', 'eu-central-1', '192.0.2.2'],
  ['tokyo', 'ap-northeast-1', '192.0.2.3'],
] as const;

/** Prefixes the bundled IP → country table places in Germany, the US and Japan. */
export const COUNTRY_SUBNETS = { DE: '2.28.7.0/24', US: '2.1.0.0/24', JP: '1.5.7.0/24' } as const;

/**
 * `zone` with `app.<zone>` latency-routed over LATENCY_REGIONS, as Route 53 JSON; `healthChecks`
 * gives a member's HealthCheckId by SetIdentifier (the checks must be defined before the zone is
 * stored: test/support/health-checks.ts).
 */
export function latencyZoneRoute53(zone: string, healthChecks: Readonly<Record<string, string>> = {}) {
  return {
    ResourceRecordSets: [
      {
        Name: `${zone}.`,
        Type: 'SOA',
        TTL: 900,
        ResourceRecords: [{ Value: `ns1.${zone}. hostmaster.${zone}. 1 7200 900 1209600 60` }],
      },
      { Name: `${zone}.`, Type: 'NS', TTL: 900, ResourceRecords: [{ Value: `ns1.${zone}.` }] },
      { Name: `ns1.${zone}.`, Type: 'A', TTL: 900, ResourceRecords: [{ Value: '192.0.2.53' }] },
      ...LATENCY_REGIONS.map(([id, region, ip]) => ({
        Name: `app.${zone}.`,
        Type: 'A',
        SetIdentifier: id,
        Region: region,
        TTL: 60,
        ...(healthChecks[id] === undefined ? {} : { HealthCheckId: healthChecks[id] }),
        ResourceRecords: [{ Value: ip }],
      })),
    ],
  };
}
