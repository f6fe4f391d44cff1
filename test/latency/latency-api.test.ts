import { exports } from 'cloudflare:workers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, BASE } from '../support/api';

const json = { 'Content-Type': 'application/json' };
const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
const earlier = new Date(Date.now() - 7_200_000).toISOString();

const FRA = { Colo: 'FRA', Region: 'eu-central-1', RttMs: 12.5, MeasuredAt: hourAgo };
const NET = { Network: '198.51.100.0/24', Region: 'us-east-1', RttMs: 80, MeasuredAt: hourAgo };

function send(
  method: 'PUT' | 'POST',
  body: unknown,
  headers: Record<string, string> = json,
): Promise<Response> {
  return api('/latency', { method, body: typeof body === 'string' ? body : JSON.stringify(body), headers });
}

type Table = { Version: number; UpdatedAt?: string; MaxAgeSeconds: number; Measurements: unknown[] };
const table = async (): Promise<Table> => (await api('/latency')).json<Table>();

// The first request loads the whole Worker, which takes longer than one test may.
beforeAll(() => exports.default.fetch(`${BASE}/openapi.json`), 60_000);
beforeEach(async () => {
  await api('/latency', { method: 'DELETE' });
});

describe('/api/v1/latency', () => {
  it('PUT replaces, POST merges, GET reads, DELETE clears', async () => {
    const put = await send('PUT', { MaxAgeSeconds: 3600, Measurements: [FRA, NET] });
    expect(put.status).toBe(200);
    const stored = await put.json<{ Version: number }>();
    expect(stored).toEqual({
      Version: expect.any(Number),
      Changed: true,
      MaxAgeSeconds: 3600,
      MeasurementCount: 2,
    });

    const got = await table();
    expect(got).toEqual({
      Version: stored.Version,
      UpdatedAt: expect.any(String),
      MaxAgeSeconds: 3600,
      Measurements: [{ ...FRA, MeasuredAt: hourAgo }, NET],
      Sampling: { EwmaAlpha: 0.3, MinSamples: 3, MaxAgeSeconds: 3600 },
      Sampled: [],
      Probed: [],
      Networks: { Count: 0, Cells: [] },
      Beacons: [],
      Matrix: expect.objectContaining({ Colos: ['FRA'] }),
    });

    const post = await send('POST', {
      Measurements: [
        { ...FRA, RttMs: 99, MeasuredAt: earlier },
        { ...NET, RttMs: 70 },
        { Colo: 'AMS', Region: 'eu-central-1', RttMs: 9, MeasuredAt: hourAgo },
      ],
    });
    expect(await post.json()).toEqual({
      Version: stored.Version + 1,
      Changed: true,
      MaxAgeSeconds: 3600,
      MeasurementCount: 3,
    });
    expect((await table()).Measurements).toEqual([
      { Colo: 'AMS', Region: 'eu-central-1', RttMs: 9, MeasuredAt: hourAgo },
      FRA,
      { ...NET, RttMs: 70 },
    ]);

    const replaced = await send('PUT', { Measurements: [NET] });
    expect(await replaced.json()).toMatchObject({
      Changed: true,
      MaxAgeSeconds: 86_400,
      MeasurementCount: 1,
    });

    const cleared = await api('/latency', { method: 'DELETE' });
    expect(await cleared.json()).toMatchObject({ Changed: true, MeasurementCount: 0 });
    expect((await table()).Measurements).toEqual([]);
  });

  it('what GET returns can be PUT back unchanged', async () => {
    await send('PUT', { Measurements: [FRA, { ...NET, Network: '2001:DB8::/32' }] });
    const { Measurements, MaxAgeSeconds } = await table();
    const again = await send('PUT', { MaxAgeSeconds, Measurements });
    expect(await again.json()).toMatchObject({ Changed: false });
  });

  it('400 lists every problem with its path; nothing is applied', async () => {
    await send('PUT', { Measurements: [FRA] });
    const before = await table();
    const res = await send('POST', {
      MaxAgeSeconds: 'long',
      Measurements: [NET, { ...FRA, Colo: 'fra' }, { ...NET, Network: '198.51.100.1/24', RttMs: -1 }],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { path: '/MaxAgeSeconds', message: 'expected whole seconds from 60 to 2592000' },
        { path: '/Measurements/1/Colo', message: 'expected a 3-letter uppercase IATA code, e.g. FRA' },
        { path: '/Measurements/2/Network', message: 'host bits are set; the network is 198.51.100.0/24' },
        { path: '/Measurements/2/RttMs', message: 'expected milliseconds above 0 and at most 60000' },
      ],
    });
    expect(await table()).toEqual(before);
    expect((await send('PUT', '{"Measurements": [')).status).toBe(400);
  });

  it(`accepts 100,000 measurements in one PUT; refuses one more`, async () => {
    const measurements: string[] = [];
    for (let i = 0; measurements.length < 100_000; i++) {
      const colo = String.fromCharCode(
        65 + (i % 26),
        65 + (Math.floor(i / 26) % 26),
        65 + Math.floor(i / 676),
      );
      for (const region of ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']) {
        measurements.push(`{"Colo":"${colo}","Region":"${region}","RttMs":10,"MeasuredAt":"${hourAgo}"}`);
      }
    }
    const body = (items: string[]) => `{"Measurements":[${items.join(',')}]}`;
    const full = body(measurements.slice(0, 100_000));
    expect(full.length).toBeLessThan(8 * 1024 * 1024);
    const ok = await send('PUT', full);
    expect(await ok.json()).toMatchObject({ Changed: true, MeasurementCount: 100_000 });
    const over = await send('PUT', body(measurements.slice(0, 100_001)));
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      errors: [{ path: '/Measurements', message: '100001 measurements; at most 100000' }],
    });
  }, 120_000);

  it('415 without JSON, 413 past 8 MiB, 405 with Allow', async () => {
    expect((await send('PUT', { Measurements: [] }, { 'Content-Type': 'text/csv' })).status).toBe(415);
    expect((await send('POST', { Measurements: [] }, {})).status).toBe(415);
    const huge = await send('PUT', `{"Measurements":[],"x":"${'y'.repeat(8 * 1024 * 1024)}"}`);
    expect(huge.status).toBe(413);
    const patch = await api('/latency', { method: 'PATCH' });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('Allow')).toBe('GET, PUT, POST, DELETE, HEAD');
  });

  it('needs the bearer token', async () => {
    for (const method of ['GET', 'PUT', 'POST', 'DELETE']) {
      const body = method === 'PUT' || method === 'POST' ? '{"Measurements":[]}' : null;
      const res = await exports.default.fetch(
        new Request(`${BASE}/latency`, { method, body, headers: json }),
      );
      expect(res.status, method).toBe(401);
    }
  });
});
