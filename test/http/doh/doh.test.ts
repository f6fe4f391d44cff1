/**
 * DoH over HTTP through the Worker's fetch with the real KV binding: dispatch, status codes,
 * headers and the RFC 8484 vectors (docs/doh-protocol.md §1–§7, §17.1).
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../../src/encoding/base64';
import { compressionBomb } from '../../support/compression-bomb';
import { decodeReply, queryBytes } from '../../support/dns';
import { HTTP_TEST_ZONE } from '../../support/http-zone';
import { publishZones } from '../../support/publish';

const BASE = 'https://doh.test';
const get = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(`${BASE}${path}`, { headers });
const post = (
  body: BodyInit | null,
  headers: Record<string, string> = { 'Content-Type': 'application/dns-message' },
) => exports.default.fetch(`${BASE}/dns-query`, { method: 'POST', body, headers });
const dnsGet = (q: Uint8Array) => get(`/dns-query?dns=${encodeBase64Url(q)}`);
const decode = async (res: Response) => decodeReply(new Uint8Array(await res.arrayBuffer()));

beforeAll(() => publishZones(env, { 'example.com.': HTTP_TEST_ZONE }));

describe('RFC 8484 vectors (§4.1.1, §4.2.2)', () => {
  it('V1 GET www.example.com A', async () => {
    const res = await get('/dns-query?dns=AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB', {
      accept: 'application/dns-message',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/dns-message');
    expect(res.headers.get('Cache-Control')).toBe('max-age=300');
    expect(res.headers.get('Vary')).toBe('Accept');
    const body = await res.arrayBuffer();
    expect(res.headers.get('Content-Length')).toBe(String(body.byteLength));
    const reply = decodeReply(new Uint8Array(body));
    expect(reply.answers?.[0]).toMatchObject({ name: 'www.example.com', type: 'A', data: '192.0.2.1' });
  });

  it('V2 POST the same 33 bytes', async () => {
    const body = Buffer.from('00000100000100000000000003777777076578616d706c6503636f6d0000010001', 'hex');
    const res = await post(body, {
      'Content-Type': 'application/dns-message',
      accept: 'application/dns-message',
      'Content-Length': '33',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toBeNull();
    expect((await decode(res)).answers?.[0]).toMatchObject({ data: '192.0.2.1' });
  });

  const V3 =
    'AAABAAABAAAAAAAAAWE-NjJjaGFyYWN0ZXJsYWJlbC1tYWtlcy1iYXNlNjR1cmwtZGlzdGluY3QtZnJvbS1zdGFuZGFyZC1iYXNlNjQHZXhhbXBsZQNjb20AAAEAAQ';
  it('V3 base64url with "-" and no padding decodes', async () => {
    const res = await get(`/dns-query?dns=${V3}`);
    expect(res.status).toBe(200);
    expect((await decode(res)).answers?.[0]).toMatchObject({ data: '192.0.2.62' });
  });

  it('V3 in standard base64 with padding is 400', async () => {
    const standard = `${V3.replaceAll('-', '+').replaceAll('_', '/')}==`;
    expect((await get(`/dns-query?dns=${encodeURIComponent(standard)}`)).status).toBe(400);
  });

  it('response example: AAAA 2001:db8:abcd:12:1:2:3:4 matches the RFC bytes', async () => {
    const q = queryBytes('www.example.com', 'AAAA');
    const res = await dnsGet(q);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // RFC 8484 §4.2.2 with AA=1 (authoritative), RA=0 (no forwarding yet) and TTL 300 instead of 3709.
    const expected = Buffer.from(
      '00008500000100010000000003777777076578616d706c6503636f6d00001c0001c00c001c00010000012c001020010db8abcd00120001000200030004',
      'hex',
    );
    expect(Buffer.from(bytes).toString('hex')).toBe(expected.toString('hex'));
  });
});

describe('dispatch and status codes (§1, §5)', () => {
  it.each(['PUT', 'DELETE', 'PATCH', 'HEAD'])('%s /dns-query → 405 with Allow', async (method) => {
    const res = await exports.default.fetch(`${BASE}/dns-query`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, POST, OPTIONS');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  it.each(['POST', 'PUT', 'HEAD'])('%s /resolve → 405 with Allow: GET, OPTIONS', async (method) => {
    const res = await exports.default.fetch(`${BASE}/resolve?name=example.com`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, OPTIONS');
  });

  it.each(['/dns-query', '/resolve'])('OPTIONS %s → 204 with CORS preflight headers', async (path) => {
    const res = await exports.default.fetch(`${BASE}${path}`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET, POST, OPTIONS');
    expect(res.headers.get('Access-Control-Allow-Headers')).toBe('Content-Type, Accept');
    expect(res.headers.get('Access-Control-Max-Age')).toBe('86400');
  });

  it.each(['/', '/dns-query/x', '/dns', '/api'])('unknown path %s → 404', async (path) => {
    expect((await get(path)).status).toBe(404);
  });

  it.each([
    ['missing dns', '/dns-query'],
    ['empty dns', '/dns-query?dns='],
    ['padding', '/dns-query?dns=AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB%3D'],
    ['plus sign', '/dns-query?dns=AAAB+AABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB'],
    ['slash', '/dns-query?dns=AAAB/AABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB'],
    ['whitespace', '/dns-query?dns=AAABAAAB%20AAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB'],
    ['length ≡ 1 mod 4', '/dns-query?dns=AAABA'],
    ['not DNS', '/dns-query?dns=AAAA'],
    ['QR=1 (F11)', '/dns-query?dns=AACBAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB'],
  ])('GET with %s → 400 text/plain, no-store, CORS', async (_, path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect((await res.text()).length).toBeGreaterThan(3);
  });

  it('first dns parameter wins; other parameters are ignored (?ct&dns=)', async () => {
    const q = encodeBase64Url(queryBytes('www.example.com', 'A'));
    expect((await get(`/dns-query?ct&dns=${q}&dns=AAAA`)).status).toBe(200);
  });

  it.each([
    ['missing', {}],
    ['text/plain', { 'Content-Type': 'text/plain' }],
    ['application/dns-json', { 'Content-Type': 'application/dns-json' }],
  ])('POST with %s Content-Type → 415', async (_, headers) => {
    expect((await post(queryBytes('www.example.com', 'A'), headers as Record<string, string>)).status).toBe(
      415,
    );
  });

  it('POST media type compared case-insensitively, parameters ignored', async () => {
    const res = await post(queryBytes('www.example.com', 'A'), {
      'Content-Type': 'Application/DNS-Message; charset=binary',
    });
    expect(res.status).toBe(200);
  });

  it('POST with Content-Length over 65,535 → 413', async () => {
    const res = await post(new Uint8Array(65_536), { 'Content-Type': 'application/dns-message' });
    expect(res.status).toBe(413);
  });

  it('POST streaming past 65,535 octets without Content-Length → 413', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 70; i++) c.enqueue(new Uint8Array(1024));
        c.close();
      },
    });
    expect((await post(stream)).status).toBe(413);
  });

  it.each([
    ['empty body', new Uint8Array(0)],
    ['garbage', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])],
  ])('POST with %s → 400', async (_, body) => {
    expect((await post(body)).status).toBe(400);
  });

  it('POST ignores the query string and request Cache-Control', async () => {
    const res = await exports.default.fetch(`${BASE}/dns-query?dns=AAAA&name=nope`, {
      method: 'POST',
      body: queryBytes('www.example.com', 'A'),
      headers: { 'Content-Type': 'application/dns-message', 'Cache-Control': 'no-store' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('max-age=300');
  });

  it('decodable queries are always 200 with an RCODE, even REFUSED and FORMERR', async () => {
    const refused = await dnsGet(queryBytes('not-hosted.net', 'A'));
    expect(refused.status).toBe(200);
    expect((await decode(refused)).rcode).toBe('REFUSED');
    const formerr = await get(
      '/dns-query?dns=AAABAAACAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQABB2V4YW1wbGUDY29tAAABAAE',
    );
    expect(formerr.status).toBe(200);
    expect(formerr.headers.get('Cache-Control')).toBe('no-store');
  });

  it('no Set-Cookie, no Age, CORS exposed headers on answers', async () => {
    const res = await dnsGet(queryBytes('www.example.com', 'A'));
    expect(res.headers.get('Set-Cookie')).toBeNull();
    expect(res.headers.get('Age')).toBeNull();
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe('Content-Length, Cache-Control');
  });
});

describe('Cache-Control (§6)', () => {
  it.each([
    ['smallest Answer TTL (30/600 RRsets → 30)', 'mixed.example.com', 'A', 'max-age=30'],
    ['CNAME 3600 in front of A 30 → 30', 'cname.example.com', 'A', 'max-age=30'],
    ['NXDOMAIN: min(SOA TTL 3600, MINIMUM 300)', 'nope.example.com', 'A', 'max-age=300'],
    ['NODATA: the negative TTL', 'www.example.com', 'MX', 'max-age=300'],
    ['referral: the NS TTL', 'x.sub.example.com', 'A', 'max-age=3600'],
    ['ANY → HINFO 3600', 'example.com', 'ANY', 'max-age=3600'],
    ['REFUSED → no-store', 'elsewhere.org', 'A', 'no-store'],
  ])('%s', async (_, name, type, expected) => {
    const res = await dnsGet(queryBytes(name, type));
    expect(res.headers.get('Cache-Control')).toBe(expected);
  });
});

describe('compression-pointer bombs (issue 9; records of a query other than OPT are ignored, §9)', () => {
  it("POST of the audit's 64 KB query (8,000-pointer chain, 4,000 owners) → 200, the question answered", async () => {
    const bomb = compressionBomb({ chain: 8000, owners: 4000, id: 0x1234 });
    expect(bomb.length).toBeGreaterThan(64_000);
    const res = await post(bomb);
    expect(res.status).toBe(200);
    const reply = await decode(res);
    expect([reply.id, reply.rcode]).toEqual([0x1234, 'NOERROR']);
    expect(reply.answers?.map((a) => [a.type, (a as { data?: unknown }).data])).toEqual([['A', '192.0.2.1']]);
  });

  it('the same bomb in the Additional section, before an OPT: still answered, OPT echoed', async () => {
    const bomb = compressionBomb({ chain: 8000, owners: 4000, section: 2 });
    const opt = Uint8Array.from([0, 0, 41, 16, 0, 0, 0, 0, 0, 0, 0]);
    const withOpt = Uint8Array.from([...bomb, ...opt]);
    withOpt[11]! += 1; // ARCOUNT + 1
    const reply = await decode(await post(withOpt));
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.additionals?.map((a) => a.type)).toEqual(['OPT']);
  });

  it('an ignored record owned by a forward pointer → 400', async () => {
    const q = queryBytes('www.example.com', 'A');
    const bytes = Uint8Array.from([
      ...q.subarray(0, 6),
      0,
      1,
      ...q.subarray(8),
      0xc0,
      0x7f,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    const res = await post(bytes);
    expect(res.status).toBe(400);
  });
});
