import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/latency/latency-api-cidr';
import { parseLatencyImport } from '../../src/latency/latency-api-parse';
import { parseDateTime } from '../../src/latency/latency-api-time';
import { MAX_MEASUREMENTS } from '../../src/latency/latency-store-limits';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const at = '2026-11-21T11:00:00Z';

const colo = (Colo: string, Region = 'eu-central-1', RttMs: unknown = 12.5, MeasuredAt: unknown = at) => ({
  Colo,
  Region,
  RttMs,
  MeasuredAt,
});

describe('parseLatencyImport', () => {
  it('accepts colo and network measurements, canonical on the way out', () => {
    const parsed = parseLatencyImport(
      {
        MaxAgeSeconds: 3600,
        Measurements: [
          colo('FRA'),
          {
            Network: '2001:DB8:0::/32',
            Region: 'us-east-1',
            RttMs: 80,
            MeasuredAt: '2026-11-21T12:30:00.5+01:00',
          },
          { Network: '198.51.100.0/24', Region: 'my-dc', RttMs: 60000, MeasuredAt: at },
        ],
      },
      NOW,
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        maxAgeSeconds: 3600,
        measurements: [
          { colo: 'FRA', region: 'eu-central-1', rttMs: 12.5, measuredAt: '2026-11-21T11:00:00.000Z' },
          {
            network: '2001:db8::/32',
            region: 'us-east-1',
            rttMs: 80,
            measuredAt: '2026-11-21T11:30:00.500Z',
          },
          {
            network: '198.51.100.0/24',
            region: 'my-dc',
            rttMs: 60000,
            measuredAt: '2026-11-21T11:00:00.000Z',
          },
        ],
      },
    });
    expect(parseLatencyImport({ Measurements: [] }, NOW)).toEqual({ ok: true, value: { measurements: [] } });
  });

  it('reports every problem with its JSON path', () => {
    const parsed = parseLatencyImport(
      {
        MaxAgeSeconds: 10,
        Extra: true,
        Measurements: [
          colo('fra'),
          { Network: '198.51.100.1/24', Region: 'us-east-1', RttMs: 1, MeasuredAt: at },
          { Colo: 'FRA', Network: '198.51.100.0/24', Region: 'x', RttMs: 1, MeasuredAt: at },
          { Region: 'x', RttMs: 1, MeasuredAt: at },
          colo('AMS', 'EU_Central', 0, '2026-02-30T00:00:00Z'),
          colo('LHR', 'r'.repeat(65), 60_001, '2026-11-21T12:06:00Z'),
          colo('CDG', 'ok', '12', 1_700_000_000),
          { ...colo('MAD'), rtt: 5 },
          'FRA',
          colo('MAD'),
        ],
      },
      NOW,
    );
    expect(parsed.ok ? [] : parsed.error.map((p) => p.path)).toEqual([
      '/Extra',
      '/MaxAgeSeconds',
      '/Measurements/0/Colo',
      '/Measurements/1/Network',
      '/Measurements/2',
      '/Measurements/3',
      '/Measurements/4/Region',
      '/Measurements/4/RttMs',
      '/Measurements/4/MeasuredAt',
      '/Measurements/5/Region',
      '/Measurements/5/RttMs',
      '/Measurements/5/MeasuredAt',
      '/Measurements/6/RttMs',
      '/Measurements/6/MeasuredAt',
      '/Measurements/7/rtt',
      '/Measurements/8',
      '/Measurements/9',
    ]);
    const messages = parsed.ok ? [] : parsed.error.map((p) => p.message);
    expect(messages).toContain('host bits are set; the network is 198.51.100.0/24');
    expect(messages).toContain('more than 5 minutes in the future');
    expect(messages).toContain('same place and region as /Measurements/7');
  });

  it('refuses a body that is not an object, or lacks Measurements', () => {
    expect(parseLatencyImport([], NOW)).toEqual({
      ok: false,
      error: [{ path: '', message: 'expected a JSON object with Measurements' }],
    });
    expect(parseLatencyImport({ MaxAgeSeconds: 60 }, NOW)).toEqual({
      ok: false,
      error: [{ path: '/Measurements', message: 'required: an array of measurements' }],
    });
  });

  it(`refuses more than ${MAX_MEASUREMENTS} measurements without checking each`, () => {
    const parsed = parseLatencyImport({ Measurements: new Array(MAX_MEASUREMENTS + 1).fill({}) }, NOW);
    expect(parsed).toEqual({
      ok: false,
      error: [{ path: '/Measurements', message: '100001 measurements; at most 100000' }],
    });
  });

  it('stops listing problems after 1,000', () => {
    const parsed = parseLatencyImport({ Measurements: new Array(5_000).fill({}) }, NOW);
    expect(parsed.ok ? 0 : parsed.error.length).toBe(1_001);
  });
});

describe('parseCidr', () => {
  it.each([
    ['198.51.100.0/24', '198.51.100.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.0.2.7/32', '192.0.2.7/32'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:db8:0:0:0:0:0:0/48', '2001:db8::/48'],
    ['::/0', '::/0'],
  ])('%s → %s', (text, canonical) => {
    expect(parseCidr(text)).toEqual({ ok: true, value: canonical });
  });

  it.each([
    ['198.51.100.0', 'expected address/prefix'],
    ['198.51.100.0/33', 'prefix /33 is longer than 32 bits'],
    ['198.51.100.0/024', 'expected address/prefix'],
    ['198.51.100.128/24', 'host bits are set; the network is 198.51.100.0/24'],
    ['2001:db8::1/64', 'host bits are set; the network is 2001:db8::/64'],
    ['256.0.0.0/8', 'not an IPv4 address'],
    ['2001:db8::g/32', 'expected address/prefix'],
  ])('refuses %s', (text, message) => {
    const parsed = parseCidr(text);
    expect(parsed.ok ? '' : parsed.error).toContain(message);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-11-21T13:49:27Z', '2026-11-21T13:49:27.000Z'],
    ['2026-11-21T13:49:27.123456Z', '2026-11-21T13:49:27.123Z'],
    ['2026-11-21T00:30:00-02:30', '2026-11-21T03:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s', (text, iso) => {
    const parsed = parseDateTime(text);
    expect(parsed.ok && new Date(parsed.value).toISOString()).toBe(iso);
  });

  it.each([
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-11-21T24:00:00Z',
    '2026-11-21T13:49:27',
    '2026-11-21 13:49:27Z',
    '2026-11-21',
    '2026-11-21T13:49:27+25:00',
  ])('refuses %s', (text) => {
    expect(parseDateTime(text).ok).toBe(false);
  });
});
