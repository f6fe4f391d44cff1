import { describe, expect, it } from 'vitest';
import { RRTYPE } from '../../src/dns/constants';
import { toRoute53Json } from '../../src/zones/export/route53';
import { toZoneFile } from '../../src/zones/export/zone-file';
import { parseRoute53Json } from '../../src/zones/import/route53';
import { parseZoneFile } from '../../src/zones/import/zone-file';
import type { RecordSet, Zone } from '../../src/zones/model';
import { expectZone, normalized } from '../support/zone-views';
import compilezone from './fixtures/compilezone.zone?raw';
import delegation from './fixtures/delegation.zone?raw';
import route53Cli from './fixtures/route53-cli.json?raw';
import route53Page from './fixtures/route53-page.json?raw';
import smallBusiness from './fixtures/small-business.zone?raw';

function find(zone: Zone, name: string, type: number): RecordSet {
  const set = zone.recordSets.find((s) => s.name === name && s.type === type);
  if (set === undefined) expect.fail(`no ${name} ${type} in ${zone.name}`);
  return set;
}

function expectRoundTrips(zone: Zone): void {
  const viaZoneFile = expectZone(parseZoneFile(toZoneFile(zone), zone.name));
  expect(normalized(viaZoneFile)).toEqual(normalized(zone));
  const viaRoute53 = expectZone(parseRoute53Json(JSON.parse(JSON.stringify(toRoute53Json(zone))), zone.name));
  expect(normalized(viaRoute53)).toEqual(normalized(zone));
}

describe('real-world zone files', () => {
  it('small business: SOA with units, SPF/DKIM/DMARC, MX, SRV, CAA', () => {
    const zone = expectZone(parseZoneFile(smallBusiness, 'example-shop.com'));
    const apex = 'example-shop.com.';
    expect(find(zone, apex, RRTYPE.SOA)).toEqual({
      name: apex,
      type: RRTYPE.SOA,
      ttl: 3600,
      values: ['ns1.example-shop.com. admin.example-shop.com. 2024031501 10800 900 1209600 300'],
    });
    expect(find(zone, apex, RRTYPE.NS).values).toEqual([
      'ns1.example-shop.com.',
      'ns2.example-shop.com.',
      'ns.backup-dns.net.',
    ]);
    expect(find(zone, apex, RRTYPE.MX).values).toEqual([
      '10 mail.example-shop.com.',
      '20 mail.backup-mx.net.',
    ]);
    expect(find(zone, apex, RRTYPE.TXT).values).toHaveLength(2);
    const dkim = find(zone, 'selector1._domainkey.example-shop.com.', RRTYPE.TXT);
    expect(dkim.values).toHaveLength(1);
    expect(dkim.values[0]).toMatch(/^"v=DKIM1; k=rsa; " "p=MIIB[^"]+" ("[^"]+" ){3}"AQAB"$/);
    expect(find(zone, '_dmarc.example-shop.com.', RRTYPE.TXT).values[0]).toMatch(/^"v=DMARC1; p=quarantine;/);
    expect(find(zone, 'shop.example-shop.com.', RRTYPE.A)).toMatchObject({
      ttl: 300,
      values: ['203.0.113.20', '203.0.113.21'],
    });
    expect(find(zone, 'www.example-shop.com.', RRTYPE.CNAME)).toMatchObject({ ttl: 300, values: [apex] });
    expect(find(zone, '*.staging.example-shop.com.', RRTYPE.A).values).toEqual(['203.0.113.99']);
    expect(find(zone, '_sip._udp.eu.example-shop.com.', RRTYPE.SRV).values).toEqual([
      '20 0 5060 sip-eu.example-shop.com.',
    ]);
    expect(find(zone, '_xmpp-server._tcp.example-shop.com.', RRTYPE.SRV).values).toEqual([
      '5 0 5269 chat.example-shop.com.',
    ]);
    expect(find(zone, 'chat.example-shop.com.', RRTYPE.AAAA).values).toEqual(['2001:db8:10::40']);
    expect(find(zone, apex, RRTYPE.CAA).values).toEqual([
      '0 issue "letsencrypt.org"',
      '0 issuewild ";"',
      '128 iodef "mailto:security@example-shop.com"',
    ]);
    expect(zone.recordSets).toHaveLength(26);
    expectRoundTrips(zone);
  });

  it('delegations with glue and DS', () => {
    const zone = expectZone(parseZoneFile(delegation, 'example.org'));
    expect(find(zone, 'lab.example.org.', RRTYPE.NS)).toMatchObject({
      ttl: 3600,
      values: ['ns1.lab.example.org.', 'ns2.lab.example.org.'],
    });
    expect(find(zone, 'lab.example.org.', RRTYPE.DS).values).toHaveLength(1);
    expect(find(zone, 'ns2.lab.example.org.', RRTYPE.AAAA).values).toEqual(['2001:db8:153::2']);
    expect(find(zone, 'ns2.example.org.', RRTYPE.AAAA).ttl).toBe(86400);
    expect(find(zone, 'partner.example.org.', RRTYPE.NS).ttl).toBe(86400);
    expect(find(zone, 'partner.example.org.', RRTYPE.DS).values).toHaveLength(1);
    expect(zone.recordSets).toHaveLength(13);
    expectRoundTrips(zone);
  });

  it('named-compilezone output: absolute names, TTL and class on every line', () => {
    const zone = expectZone(parseZoneFile(compilezone, 'example.net'));
    expect(find(zone, 'example.net.', RRTYPE.SOA).ttl).toBe(86400);
    expect(find(zone, 'api.example.net.', RRTYPE.HTTPS).values).toHaveLength(1);
    expect(find(zone, '_443._tcp.api.example.net.', RRTYPE.TLSA).values).toHaveLength(1);
    expect(zone.recordSets).toHaveLength(16);
    expectRoundTrips(zone);
  });
});

describe('real-world Route 53 JSON', () => {
  it('CLI list-resource-record-sets output: \\052 wildcard, quoted TXT, apex SOA and NS', () => {
    const zone = expectZone(parseRoute53Json(JSON.parse(route53Cli), 'example.com'));
    expect(find(zone, '*.example.com.', RRTYPE.CNAME)).toEqual({
      name: '*.example.com.',
      type: RRTYPE.CNAME,
      ttl: 60,
      values: ['example.com.'],
    });
    expect(find(zone, 'example.com.', RRTYPE.TXT).values).toEqual([
      '"v=spf1 include:amazonses.com -all"',
      '"google-site-verification=abc123" "second string"',
    ]);
    expect(find(zone, 'example.com.', RRTYPE.MX).values).toEqual([
      '10 inbound-smtp.us-east-1.amazonaws.com.',
    ]);
    expect(find(zone, 'example.com.', RRTYPE.SOA).ttl).toBe(900);
    expect(find(zone, 'www.example.com.', RRTYPE.AAAA).values).toEqual(['2001:db8:85a3::8a2e:370:7334']);
    expect(zone.recordSets).toHaveLength(11);
    expectRoundTrips(zone);
  });

  it('a raw API page (IsTruncated, MaxItems as a string) is taken as it is', () => {
    const zone = expectZone(parseRoute53Json(JSON.parse(route53Page), 'shop.example.'));
    expect(zone.recordSets.map((s) => s.name)).toEqual([
      'shop.example.',
      'shop.example.',
      'api.shop.example.',
    ]);
    expectRoundTrips(zone);
  });
});
