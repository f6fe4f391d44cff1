/** The JSON API (Google / Cloudflare schema) on /dns-query and /resolve (docs/doh-protocol.md §8). */
import { env, exports } from 'cloudflare:workers';
import packet from 'dns-packet';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../../src/encoding/base64';
import { queryBytes } from '../../support/dns';
import { HTTP_TEST_ZONE } from '../../support/http-zone';
import { publishZones } from '../../support/publish';

const get = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(`https://doh.test${path}`, { headers });

beforeAll(() => publishZones(env, { 'example.com.': HTTP_TEST_ZONE }));

describe('JSON API', () => {
  it('/dns-query?name= answers application/dns-json with the schema fields', async () => {
    const res = await get('/dns-query?name=www.example.com&type=A');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/dns-json');
    expect(res.headers.get('Cache-Control')).toBe('max-age=300');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(await res.json()).toEqual({
      Status: 0,
      TC: false,
      RD: true,
      RA: false,
      AD: false,
      CD: false,
      Question: [{ name: 'www.example.com.', type: 1 }],
      Answer: [{ name: 'www.example.com.', type: 1, TTL: 300, data: '192.0.2.1' }],
    });
  });

  it('/resolve answers application/json; mnemonic type is case-insensitive', async () => {
    const res = await get('/resolve?name=WWW.Example.com&type=aaaa');
    expect(res.headers.get('Content-Type')).toBe('application/json');
    const body = (await res.json()) as { Question: unknown; Answer: unknown };
    expect(body.Question).toEqual([{ name: 'WWW.Example.com.', type: 28 }]);
    expect(body.Answer).toEqual([
      { name: 'WWW.Example.com.', type: 28, TTL: 300, data: '2001:db8:abcd:12:1:2:3:4' },
    ]);
  });

  it('numeric type, default type A, trailing dot accepted', async () => {
    const a = (await (await get('/resolve?name=www.example.com.')).json()) as {
      Question: { type: number }[];
    };
    expect(a.Question[0]!.type).toBe(1);
    const b = (await (await get('/resolve?name=www.example.com&type=28')).json()) as { Answer: unknown[] };
    expect(b.Answer).toHaveLength(1);
  });

  it('negative answer: Authority SOA in presentation form, Status 3, Answer omitted', async () => {
    const body = (await (await get('/resolve?name=nope.example.com')).json()) as Record<string, unknown>;
    expect(body.Status).toBe(3);
    expect(body.Answer).toBeUndefined();
    expect(body.Authority).toEqual([
      {
        name: 'example.com.',
        type: 6,
        TTL: 300,
        data: 'ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300',
      },
    ]);
  });

  it('CNAME chain in JSON, TXT quoted', async () => {
    const chain = (await (await get('/resolve?name=cname.example.com')).json()) as { Answer: unknown[] };
    expect(chain.Answer).toEqual([
      { name: 'cname.example.com.', type: 5, TTL: 3600, data: 'short.example.com.' },
      { name: 'short.example.com.', type: 1, TTL: 30, data: '192.0.2.31' },
    ]);
    const txt = (await (await get('/resolve?name=mixed.example.com&type=TXT')).json()) as {
      Answer: { data: string }[];
    };
    expect(txt.Answer[0]!.data).toBe('"six hundred"');
  });

  it('do and cd flags', async () => {
    const body = (await (await get('/resolve?name=www.example.com&do=1&cd=true')).json()) as { CD: boolean };
    expect(body.CD).toBe(true);
  });

  it('edns_client_subnet is echoed as address/scope', async () => {
    const body = (await (
      await get('/resolve?name=www.example.com&edns_client_subnet=198.51.100.0/24')
    ).json()) as {
      edns_client_subnet: string;
    };
    expect(body.edns_client_subnet).toBe('198.51.100.0/0');
    const v6 = (await (
      await get('/resolve?name=www.example.com&edns_client_subnet=2001:db8::/56')
    ).json()) as {
      edns_client_subnet: string;
    };
    expect(v6.edns_client_subnet).toBe('2001:db8::/0');
  });

  it('Accept: application/dns-json with a wire dns= answers JSON', async () => {
    const q = encodeBase64Url(queryBytes('www.example.com', 'A'));
    const res = await get(`/dns-query?dns=${q}`, { Accept: 'application/dns-json' });
    expect(res.headers.get('Content-Type')).toBe('application/dns-json');
    expect(((await res.json()) as { Status: number }).Status).toBe(0);
  });

  it('/resolve with ct=application/dns-message answers wire format', async () => {
    const res = await get('/resolve?name=www.example.com&ct=application/dns-message');
    expect(res.headers.get('Content-Type')).toBe('application/dns-message');
    const reply = packet.decode(Buffer.from(await res.arrayBuffer()));
    expect(reply.answers?.[0]).toMatchObject({ data: '192.0.2.1' });
  });

  it.each([
    ['missing name', '/resolve'],
    ['empty name', '/resolve?name='],
    ['leading dot', '/resolve?name=.example.com'],
    ['empty label', '/resolve?name=example..com'],
    ['non-ASCII', '/resolve?name=b%C3%BCcher.example'],
    ['label over 63', `/resolve?name=${'a'.repeat(64)}.example.com`],
    ['name over 253', `/resolve?name=${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}`],
    ['unknown type', '/resolve?name=example.com&type=BOGUS'],
    ['type 0', '/resolve?name=example.com&type=0'],
    ['type 65536', '/resolve?name=example.com&type=65536'],
    ['bad do', '/resolve?name=example.com&do=maybe'],
    ['malformed subnet', '/resolve?name=example.com&edns_client_subnet=1.2.3/24'],
    ['subnet prefix too long', '/resolve?name=example.com&edns_client_subnet=1.2.3.0/33'],
    ['dns-json on /dns-query with a bad name', '/dns-query?name=a..b'],
  ])('%s → 400 {"error": …}', async (_, path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = (await res.json()) as { error: string };
    expect(typeof body.error).toBe('string');
    expect(body.error.length).toBeGreaterThan(3);
  });

  it('escaped names are accepted (RFC 4343)', async () => {
    const res = await get(`/resolve?name=${encodeURIComponent('a\\.b.example.com')}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Status: number }).Status).toBe(3);
  });
});
