/** HealthCheckConfig rules (docs/routing-semantics.md §5.1–§5.3, §6.4): one row per rule, with its path. */
import { describe, expect, it } from 'vitest';
import { type HealthCheckConfig, parseHealthCheckConfig } from '../../src/health/check-config';
import { childProblems, immutableProblems, probeConfig } from '../../src/health/check-config-refs';
import { CLOSED_OUTBOUND } from '../../src/outbound/targets';

const AT = '/HealthCheckConfig';
const HTTP = { Type: 'HTTP', IPAddress: '192.0.2.10' };
const HTTPS = { Type: 'HTTPS', FullyQualifiedDomainName: 'www.example.com' };
const CALC = { Type: 'CALCULATED', HealthThreshold: 1, ChildHealthChecks: ['a'] };

function problems(json: unknown) {
  const result = parseHealthCheckConfig(json, AT, CLOSED_OUTBOUND);
  return result.ok ? [] : result.error;
}

function config(json: unknown): HealthCheckConfig {
  const result = parseHealthCheckConfig(json, AT, CLOSED_OUTBOUND);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('normalising (§5.1, §5.2, §6.4)', () => {
  it.each<[string, unknown, Partial<HealthCheckConfig>]>([
    [
      'HTTP defaults: port 80, path /, interval 30, threshold 3',
      HTTP,
      {
        Type: 'HTTP',
        IPAddress: '192.0.2.10',
        Port: 80,
        ResourcePath: '/',
        RequestInterval: 30,
        FailureThreshold: 3,
        MeasureLatency: false,
        Inverted: false,
        Disabled: false,
      },
    ],
    ['HTTPS default port 443', HTTPS, { Port: 443, FullyQualifiedDomainName: 'www.example.com' }],
    [
      'ResourcePath gets a leading /, keeps its query',
      { ...HTTP, ResourcePath: 'health?deep=1' },
      {
        ResourcePath: '/health?deep=1',
      },
    ],
    ['IPv6 written canonically', { ...HTTP, IPAddress: '2001:DB8:0::1' }, { IPAddress: '2001:db8::1' }],
    [
      'documentation blocks count as public',
      { ...HTTP, IPAddress: '203.0.113.5' },
      { IPAddress: '203.0.113.5' },
    ],
    [
      'FQDN lowercased without its trailing dot',
      { ...HTTPS, FullyQualifiedDomainName: 'WWW.Example.COM.' },
      {
        FullyQualifiedDomainName: 'www.example.com',
      },
    ],
    [
      'status codes as ranges',
      { ...HTTP, ExpectedStatusCodes: ['200-299', 204, '301'] },
      {
        ExpectedStatusCodes: ['200-299', '204', '301'],
      },
    ],
    ['TCP has no path', { Type: 'TCP', IPAddress: '192.0.2.1', Port: 22 }, { Port: 22, RequestInterval: 30 }],
    [
      'calculated carries no probe fields',
      CALC,
      { Type: 'CALCULATED', HealthThreshold: 1, ChildHealthChecks: ['a'] },
    ],
  ])('%s', (_name, json, expected) => {
    expect(config(json)).toMatchObject(expected);
  });

  it('is idempotent: a normalised config normalises to itself', () => {
    for (const json of [
      HTTP,
      HTTPS,
      CALC,
      { ...HTTP, ResourcePath: 'x', Headers: [{ Name: 'X-A', Value: 'b' }] },
    ]) {
      const once = config(json);
      expect(config(once)).toEqual(once);
    }
  });

  it('leaves EnableSNI out of what probes see', () => {
    expect(probeConfig(config({ ...HTTPS, EnableSNI: true }))).not.toHaveProperty('EnableSNI');
    expect(config({ ...HTTPS, EnableSNI: true }).EnableSNI).toBe(true);
  });
});

describe('rules, each with its path', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['Type required', { IPAddress: '192.0.2.1' }, 'Type', /required/],
    ['Type unknown', { Type: 'PING' }, 'Type', /must be one of/],
    ['CLOUDWATCH_METRIC refused', { Type: 'CLOUDWATCH_METRIC' }, 'Type', /AWS-only/],
    ['RECOVERY_CONTROL refused', { Type: 'RECOVERY_CONTROL' }, 'Type', /AWS-only/],
    [
      'AlarmIdentifier refused with its type',
      { ...HTTP, AlarmIdentifier: { Region: 'x', Name: 'y' } },
      'AlarmIdentifier',
      /CLOUDWATCH_METRIC/,
    ],
    [
      'InsufficientDataHealthStatus refused',
      { ...HTTP, InsufficientDataHealthStatus: 'Healthy' },
      'InsufficientDataHealthStatus',
      /CLOUDWATCH_METRIC/,
    ],
    [
      'RoutingControlArn refused',
      { ...HTTP, RoutingControlArn: 'arn:x' },
      'RoutingControlArn',
      /RECOVERY_CONTROL/,
    ],
    ['unknown field', { ...HTTP, Colour: 'red' }, 'Colour', /unknown field/],
    ['port 0', { ...HTTP, Port: 0 }, 'Port', /1 to 65535/],
    ['port 65536', { ...HTTP, Port: 65536 }, 'Port', /1 to 65535/],
    ['TCP needs a port', { Type: 'TCP', IPAddress: '192.0.2.1' }, 'Port', /needs Port/],
    ['an endpoint is required', { Type: 'HTTP' }, 'IPAddress', /IPAddress or FullyQualifiedDomainName/],
    ['private IPv4', { ...HTTP, IPAddress: '10.1.2.3' }, 'IPAddress', /10\.0\.0\.0\/8/],
    ['loopback', { ...HTTP, IPAddress: '127.0.0.1' }, 'IPAddress', /127\.0\.0\.0\/8/],
    ['link-local', { ...HTTP, IPAddress: '169.254.1.1' }, 'IPAddress', /169\.254/],
    ['IPv6 loopback', { ...HTTP, IPAddress: '::1' }, 'IPAddress', /::1\/128/],
    ['IPv6 unique local', { ...HTTP, IPAddress: 'fd00::1' }, 'IPAddress', /fc00::\/7/],
    ['not an address', { ...HTTP, IPAddress: 'example.com' }, 'IPAddress', /not an IPv4 or IPv6/],
    [
      'HTTPS with an IP only',
      { Type: 'HTTPS', IPAddress: '192.0.2.1' },
      'FullyQualifiedDomainName',
      /needs FullyQualifiedDomainName/,
    ],
    [
      'FQDN syntax',
      { ...HTTPS, FullyQualifiedDomainName: 'bad_name..com' },
      'FullyQualifiedDomainName',
      /not a host name/,
    ],
    [
      'FQDN that is an address',
      { ...HTTPS, FullyQualifiedDomainName: '192.0.2.1' },
      'FullyQualifiedDomainName',
      /not a host name/,
    ],
    ['SearchString only for *_STR_MATCH', { ...HTTP, SearchString: 'ok' }, 'SearchString', /only for/],
    [
      'STR_MATCH needs SearchString',
      { ...HTTP, Type: 'HTTP_STR_MATCH' },
      'SearchString',
      /needs SearchString/,
    ],
    [
      'SearchString ≤ 255',
      { ...HTTP, Type: 'HTTP_STR_MATCH', SearchString: 'x'.repeat(256) },
      'SearchString',
      /1–255/,
    ],
    [
      'ResourcePath on TCP',
      { Type: 'TCP', IPAddress: '192.0.2.1', Port: 1, ResourcePath: '/' },
      'ResourcePath',
      /sends nothing/,
    ],
    ['RequestInterval 10 or 30', { ...HTTP, RequestInterval: 20 }, 'RequestInterval', /10 or 30/],
    ['FailureThreshold 1–10', { ...HTTP, FailureThreshold: 11 }, 'FailureThreshold', /1 to 10/],
    ['Inverted is boolean', { ...HTTP, Inverted: 'yes' }, 'Inverted', /true or false/],
    ['Regions ≥ 3', { ...HTTP, Regions: ['us-east-1', 'eu-west-1'] }, 'Regions', /at least 3/],
    [
      'Regions known',
      { ...HTTP, Regions: ['us-east-1', 'eu-west-1', 'mars-1'] },
      'Regions/2',
      /expected one of/,
    ],
    ['Regions distinct', { ...HTTP, Regions: ['us-east-1', 'eu-west-1', 'us-east-1'] }, 'Regions/2', /twice/],
    [
      '≤ 8 status ranges',
      { ...HTTP, ExpectedStatusCodes: Array(9).fill('200') },
      'ExpectedStatusCodes',
      /at most 8/,
    ],
    [
      'status range syntax',
      { ...HTTP, ExpectedStatusCodes: ['2xx'] },
      'ExpectedStatusCodes/0',
      /status code/,
    ],
    [
      'status range order',
      { ...HTTP, ExpectedStatusCodes: ['399-200'] },
      'ExpectedStatusCodes/0',
      /ends before/,
    ],
    [
      'status codes not on TCP',
      { Type: 'TCP', IPAddress: '192.0.2.1', Port: 1, ExpectedStatusCodes: ['200'] },
      'ExpectedStatusCodes',
      /only for HTTP/,
    ],
    [
      '≤ 8 headers',
      { ...HTTP, Headers: Array.from({ length: 9 }, (_, i) => ({ Name: `X-${i}`, Value: '' })) },
      'Headers',
      /at most 8/,
    ],
    [
      'no Host override',
      { ...HTTP, Headers: [{ Name: 'host', Value: 'evil' }] },
      'Headers/0/Name',
      /cannot be overridden/,
    ],
    [
      'header name syntax',
      { ...HTTP, Headers: [{ Name: 'X Y', Value: '' }] },
      'Headers/0/Name',
      /not a header name/,
    ],
    [
      'header value without line breaks',
      { ...HTTP, Headers: [{ Name: 'X-A', Value: 'a\r\nB: c' }] },
      'Headers/0/Value',
      /line breaks/,
    ],
    ['ConsecutiveUp 1–10', { ...HTTP, ConsecutiveUp: 0 }, 'ConsecutiveUp', /1 to 10/],
    ['ConsecutiveDown 1–10', { ...HTTP, ConsecutiveDown: 11 }, 'ConsecutiveDown', /1 to 10/],
    ['QuorumPercent 0–99', { ...HTTP, QuorumPercent: 100 }, 'QuorumPercent', /0 to 99/],
    [
      'children belong to CALCULATED',
      { ...HTTP, ChildHealthChecks: ['a'] },
      'ChildHealthChecks',
      /CALCULATED/,
    ],
    [
      'CALCULATED needs children',
      { Type: 'CALCULATED', HealthThreshold: 0 },
      'ChildHealthChecks',
      /at least one/,
    ],
    [
      'CALCULATED needs HealthThreshold',
      { ...CALC, HealthThreshold: undefined },
      'HealthThreshold',
      /needs HealthThreshold/,
    ],
    ['HealthThreshold 0–255', { ...CALC, HealthThreshold: 256 }, 'HealthThreshold', /0 to 255/],
    [
      '≤ 255 children',
      { ...CALC, ChildHealthChecks: Array.from({ length: 256 }, (_, i) => `c${i}`) },
      'ChildHealthChecks',
      /at most 255/,
    ],
    [
      'child id syntax',
      { ...CALC, ChildHealthChecks: ['no spaces'] },
      'ChildHealthChecks/0',
      /invalid health-check id/,
    ],
    ['child listed twice', { ...CALC, ChildHealthChecks: ['a', 'a'] }, 'ChildHealthChecks/1', /twice/],
    ['CALCULATED carries no endpoint', { ...CALC, IPAddress: '192.0.2.1' }, 'IPAddress', /probes nothing/],
    ['CALCULATED has no interval', { ...CALC, RequestInterval: 30 }, 'RequestInterval', /probes nothing/],
  ])('%s', (_name, json, path, message) => {
    const found = problems(json);
    expect(found, JSON.stringify(found)).toContainEqual({
      path: `${AT}/${path}`,
      message: expect.stringMatching(message),
    });
  });

  it('reports several problems at once', () => {
    expect(
      problems({
        Type: 'HTTPS_STR_MATCH',
        IPAddress: '192.168.1.1',
        Port: 70000,
        RequestInterval: 5,
        Regions: ['us-east-1'],
        AlarmIdentifier: {},
      }).map((p) => p.path),
    ).toEqual([
      `${AT}/AlarmIdentifier`,
      `${AT}/IPAddress`,
      `${AT}/FullyQualifiedDomainName`,
      `${AT}/Port`,
      `${AT}/SearchString`,
      `${AT}/RequestInterval`,
      `${AT}/Regions`,
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(problems([])).toEqual([{ path: AT, message: 'expected an object, got an array' }]);
  });
});

describe('rules across checks (§5.2, §5.3)', () => {
  const stored = new Map<string, HealthCheckConfig>([
    ['web', config(HTTP)],
    ['calc', config(CALC)],
  ]);
  it('children exist, are not CALCULATED and are not the check itself', () => {
    const parent = config({ ...CALC, ChildHealthChecks: ['web', 'gone', 'calc', 'self'] });
    expect(childProblems(parent, 'self', (id) => stored.get(id), AT)).toEqual([
      { path: `${AT}/ChildHealthChecks/1`, message: 'no health check gone' },
      { path: `${AT}/ChildHealthChecks/2`, message: expect.stringMatching(/calc is CALCULATED/) },
      { path: `${AT}/ChildHealthChecks/3`, message: 'a calculated check cannot be its own child' },
    ]);
  });

  it('Type, RequestInterval and MeasureLatency are immutable', () => {
    const before = config(HTTP);
    expect(immutableProblems(before, config({ ...HTTP, Port: 8080, Inverted: true }), AT)).toEqual([]);
    const after = config({
      Type: 'TCP',
      IPAddress: '192.0.2.10',
      Port: 80,
      RequestInterval: 10,
      MeasureLatency: true,
    });
    expect(immutableProblems(before, after, AT).map((p) => p.path)).toEqual([
      `${AT}/Type`,
      `${AT}/RequestInterval`,
      `${AT}/MeasureLatency`,
    ]);
  });
});
