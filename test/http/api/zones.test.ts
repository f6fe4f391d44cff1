import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, authHeaders, BASE, putZoneFile } from '../../support/api';
import { zoneText } from '../../support/control-zones';

async function version(): Promise<number> {
  const res = await api('/status');
  const body = await res.json<{ version: { committed: number } }>();
  return body.version.committed;
}

describe('PUT /zones/{zone}', () => {
  it('creates a zone from a BIND zone file (201), then replaces it (200)', async () => {
    const created = await putZoneFile('file.test', zoneText('file.test', 'www 60 IN A 192.0.2.1'));
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toBe('/api/v1/zones/file.test.');
    expect(created.headers.get('Cache-Control')).toBe('no-store');
    expect(created.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const body = await created.json<{ ChangeInfo: { Id: string; Status: string; Version: number } }>();
    expect(body.ChangeInfo).toMatchObject({ Id: expect.stringMatching(/^\/change\/C/), Status: 'PENDING' });

    const replaced = await putZoneFile('file.test.', zoneText('file.test', 'www 60 IN A 192.0.2.2'));
    expect(replaced.status).toBe(200);
    const zone = await (await api('/zones/file.test')).json<Record<string, unknown>>();
    expect(zone).toMatchObject({
      name: 'file.test.',
      recordSetCount: 3,
      ResourceRecordSets: expect.arrayContaining([
        { Name: 'www.file.test.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.2' }] },
      ]),
    });
    const list = await (await api('/zones')).json<{ zones: { name: string }[] }>();
    expect(list.zones.map((z) => z.name)).toContain('file.test.');
  });

  it('creates a zone from Route 53 list-resource-record-sets JSON', async () => {
    const json = {
      ResourceRecordSets: [
        {
          Name: 'r53.test.',
          Type: 'SOA',
          TTL: 900,
          ResourceRecords: [{ Value: 'ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 86400' }],
        },
        { Name: 'r53.test.', Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns1.example.net.' }] },
        { Name: '\\052.r53.test.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"wild"' }] },
      ],
    };
    const res = await api('/zones/r53.test', {
      method: 'PUT',
      body: JSON.stringify(json),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const zone = await (await api('/zones/r53.test')).json<{ ResourceRecordSets: unknown[] }>();
    expect(zone.ResourceRecordSets).toContainEqual({
      Name: '\\052.r53.test.',
      Type: 'TXT',
      TTL: 60,
      ResourceRecords: [{ Value: '"wild"' }],
    });
  });

  it('accepts text/plain as a zone file', async () => {
    const res = await api('/zones/plain.test', {
      method: 'PUT',
      body: zoneText('plain.test'),
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
    expect(res.status).toBe(201);
  });

  it('lists every problem (400) and changes nothing', async () => {
    await putZoneFile('rules.test', zoneText('rules.test', 'www A 192.0.2.1'));
    const before = await version();
    const text = zoneText(
      'rules.test',
      'a CNAME b\nb CNAME a\nsub NS ns.example.net.\nx.sub TXT "hidden"\nwww DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118',
    );
    const res = await putZoneFile('rules.test', text);
    expect(res.status).toBe(400);
    const body = await res.json<{ errors: { path: string; message: string }[] }>();
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: 'a.rules.test./CNAME', message: 'CNAME loop: a.rules.test. → b.rules.test. → a.rules.test.' },
        { path: 'x.sub.rules.test./TXT', message: expect.stringMatching(/occluded/) },
        { path: 'www.rules.test./DS', message: expect.stringMatching(/delegation point/) },
      ]),
    );
    expect(await version()).toBe(before);
    const zone = await (await api('/zones/rules.test')).json<{
      ResourceRecordSets: { Name: string; Type: string }[];
    }>();
    expect(zone.ResourceRecordSets.map((r) => `${r.Name}/${r.Type}`).sort()).toEqual([
      'rules.test./NS',
      'rules.test./SOA',
      'www.rules.test./A',
    ]);
  });

  it('reports zone-file syntax problems with their lines', async () => {
    const res = await putZoneFile(
      'syntax.test',
      zoneText('syntax.test', 'www A 999.0.0.1\nmx MX ten mail.example.net.'),
    );
    expect(res.status).toBe(400);
    const body = await res.json<{ errors: { path: string }[] }>();
    expect(body.errors.map((e) => e.path)).toEqual(['line 6', 'line 7']);
  });

  it('malformed JSON is a 400 with the parse error', async () => {
    const res = await api('/zones/json.test', {
      method: 'PUT',
      body: '{"ResourceRecordSets": [',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    const body = await res.json<{ errors: { path: string; message: string }[] }>();
    expect(body.errors[0]?.message).toMatch(/^malformed JSON: /);
  });

  it('invalid UTF-8 is a 400', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(zoneText('utf.test')), 0xff, 0xfe]);
    const res = await api('/zones/utf.test', {
      method: 'PUT',
      body: bytes,
      headers: { 'Content-Type': 'text/dns' },
    });
    expect(res.status).toBe(400);
  });

  it('expectedVersion: a stale one is 409 with both versions; the current one is accepted', async () => {
    const current = await version();
    const stale = await putZoneFile('cas.test', zoneText('cas.test'), `?expectedVersion=${current - 1}`);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({
      error: expect.stringMatching(/version conflict/),
      expectedVersion: current - 1,
      currentVersion: current,
    });
    const viaHeader = await api('/zones/cas.test', {
      method: 'PUT',
      body: zoneText('cas.test'),
      headers: { 'Content-Type': 'text/dns', 'If-Match': `"${current}"` },
    });
    expect(viaHeader.status).toBe(201);
    const bad = await putZoneFile('cas.test', zoneText('cas.test'), '?expectedVersion=abc');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: [{ path: 'expectedVersion', message: expect.any(String) }] });
  });

  it('a bad zone name in the URL is a 400', async () => {
    for (const name of ['bad..name', `${'a'.repeat(64)}.test`, '*.wild.test', 'x.y\\']) {
      const res = await putZoneFile(encodeURIComponent(name), zoneText('x.test'));
      expect(res.status, name).toBe(400);
      expect((await res.json<{ errors: { path: string }[] }>()).errors[0]?.path).toBe('zone');
    }
  });

  it('other media types are 415', async () => {
    for (const type of ['application/xml', undefined]) {
      const headers: Record<string, string> = type === undefined ? {} : { 'Content-Type': type };
      const res = await api('/zones/media.test', {
        method: 'PUT',
        body: new Blob([zoneText('media.test')]),
        headers,
      });
      expect(res.status, String(type)).toBe(415);
    }
  });

  it('a body over 32 MiB is 413, by Content-Length or while streaming', async () => {
    const declared = await exports.default.fetch(
      new Request(`${BASE}/zones/big.test`, {
        method: 'PUT',
        headers: authHeaders({ 'Content-Type': 'text/dns', 'Content-Length': String(33 * 1024 * 1024) }),
      }),
    );
    expect(declared.status).toBe(413);

    const chunk = new TextEncoder().encode(`; ${'x'.repeat(1024 * 1024 - 3)}\n`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await api('/zones/big.test', {
      method: 'PUT',
      body: stream,
      headers: { 'Content-Type': 'text/dns' },
    });
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(40);
  });
});

describe('GET, DELETE and export', () => {
  it('unknown zones are 404', async () => {
    for (const path of ['/zones/missing.test', '/zones/missing.test/export']) {
      const res = await api(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'no hosted zone missing.test.' });
    }
    expect((await api('/zones/missing.test', { method: 'DELETE' })).status).toBe(404);
  });

  it('DELETE removes the zone', async () => {
    await putZoneFile('del.test', zoneText('del.test'));
    const res = await api('/zones/del.test', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ChangeInfo: expect.objectContaining({ Status: 'PENDING' }) });
    expect((await api('/zones/del.test')).status).toBe(404);
  });

  it('exports BIND by default and round-trips it', async () => {
    const extra =
      'www A 192.0.2.1\n* 30 TXT "any"\nmail MX 10 mx.example.net.\n_sip._tcp SRV 0 5 5060 sip.example.net.';
    await putZoneFile('export.test', zoneText('export.test', extra));
    const before = await (await api('/zones/export.test')).json<{ ResourceRecordSets: unknown[] }>();

    const res = await api('/zones/export.test/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/dns; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="export.test.zone"');
    const text = await res.text();
    expect(text).toMatch(/^\$ORIGIN export\.test\./);

    expect((await putZoneFile('export.test', text)).status).toBe(200);
    const after = await (await api('/zones/export.test')).json<{ ResourceRecordSets: unknown[] }>();
    expect(after.ResourceRecordSets).toEqual(before.ResourceRecordSets);
  });

  it('exports Route 53 JSON and round-trips it', async () => {
    await putZoneFile('r53x.test', zoneText('r53x.test', 'www A 192.0.2.1\nalias CNAME www'));
    const before = await (await api('/zones/r53x.test')).json<{ ResourceRecordSets: unknown[] }>();
    const res = await api('/zones/r53x.test/export?format=route53');
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="r53x.test.json"');
    const json = await res.text();
    const put = await api('/zones/r53x.test', {
      method: 'PUT',
      body: json,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(put.status).toBe(200);
    const after = await (await api('/zones/r53x.test')).json<{ ResourceRecordSets: unknown[] }>();
    expect(after.ResourceRecordSets).toEqual(before.ResourceRecordSets);
  });

  it('Accept: text/dns selects BIND; an unknown format is 400', async () => {
    await putZoneFile('accept.test', zoneText('accept.test'));
    const res = await api('/zones/accept.test/export', { headers: { Accept: 'text/dns' } });
    expect(res.headers.get('Content-Type')).toBe('text/dns; charset=utf-8');
    expect((await api('/zones/accept.test/export?format=xml')).status).toBe(400);
  });
});

describe('methods and paths', () => {
  it.each([
    ['POST', '/zones', 'GET, HEAD'],
    ['PATCH', '/zones/x.test', 'GET, PUT, DELETE, HEAD'],
    ['GET', '/zones/x.test/changes', 'POST'],
    ['DELETE', '/changes/CABCDEFGHIJKLM', 'GET, HEAD'],
    ['PUT', '/status', 'GET, HEAD'],
    ['POST', '/openapi.json', 'GET, HEAD'],
  ])('%s %s is 405 with Allow', async (method, path, allow) => {
    const res = await api(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe(allow);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it('an unknown API path is a JSON 404', async () => {
    const res = await api('/nothing/here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no such API route' });
  });

  it('HEAD works where GET does', async () => {
    const res = await api('/zones', { method: 'HEAD' });
    expect(res.status).toBe(200);
  });
});
