/** RDATA presentation ⇄ wire for the address, name, SOA, text, SRV/URI, NAPTR and CAA types. */
import { describe } from 'vitest';
import { checkErrors, checkRows } from '../support/rdata';

describe('A (RFC 1035 §3.4.1)', () => {
  checkRows([
    { type: 'A', text: '192.0.2.1', canonical: '192.0.2.1', wire: 'c0000201', packet: '192.0.2.1' },
    { type: 'A', text: '0.0.0.0', canonical: '0.0.0.0', packet: '0.0.0.0' },
    { type: 'A', text: '255.255.255.255', canonical: '255.255.255.255', packet: '255.255.255.255' },
  ]);
  checkErrors([
    { type: 'A', text: '256.1.1.1', error: 'not an IPv4 address: "256.1.1.1"' },
    { type: 'A', text: '1.2.3', error: 'not an IPv4 address' },
    { type: 'A', text: '01.2.3.4', error: 'not an IPv4 address', note: 'leading zero' },
    { type: 'A', text: '1.2.3.4.5', error: 'not an IPv4 address' },
    { type: 'A', text: '::1', error: 'not an IPv4 address' },
    { type: 'A', text: '1.2.3.4 5.6.7.8', error: 'A needs 1 field (address), got 2' },
    { type: 'A', text: '', error: 'A needs 1 field (address), got 0' },
    { type: 'A', text: '"1.2.3.4"', error: 'A address must not be quoted' },
  ]);
});

describe('AAAA (RFC 3596; RFC 5952 canonical text)', () => {
  checkRows([
    { type: 'AAAA', text: '2001:DB8::1', canonical: '2001:db8::1', packet: '2001:db8::1' },
    {
      type: 'AAAA',
      text: '2001:0db8:0000:0000:0000:0000:0002:0001',
      canonical: '2001:db8::2:1',
      wire: '20010db8000000000000000000020001',
      note: 'RFC 5952 §4.1 leading zeros',
    },
    {
      type: 'AAAA',
      text: '2001:db8:0:0:1:0:0:1',
      canonical: '2001:db8::1:0:0:1',
      note: 'RFC 5952 §4.2.3 tie',
    },
    {
      type: 'AAAA',
      text: '2001:db8:0:1:1:1:1:1',
      canonical: '2001:db8:0:1:1:1:1:1',
      note: 'RFC 5952 §4.2.2',
    },
    { type: 'AAAA', text: '2001:db8:0:0:1:0:0:0', canonical: '2001:db8:0:0:1::', note: 'longest run wins' },
    {
      type: 'AAAA',
      text: '2001:db8:1:2:3:4::5',
      canonical: '2001:db8:1:2:3:4:0:5',
      note: ':: for one group',
    },
    { type: 'AAAA', text: '::', canonical: '::', wire: '00000000000000000000000000000000' },
    { type: 'AAAA', text: '::1', canonical: '::1', packet: '::1' },
    { type: 'AAAA', text: 'fe80:0:0:0:0:0:0:0', canonical: 'fe80::' },
    {
      type: 'AAAA',
      text: '::ffff:192.0.2.1',
      canonical: '::ffff:192.0.2.1',
      wire: '00000000000000000000ffffc0000201',
    },
    {
      type: 'AAAA',
      text: '2001:db8:122:344::192.0.2.33',
      canonical: '2001:db8:122:344::c000:221',
      wire: '20010db801220344 00000000c0000221',
    },
    { type: 'AAAA', text: '1:2:3:4:5:6:192.0.2.1', canonical: '1:2:3:4:5:6:c000:201' },
  ]);
  checkErrors([
    { type: 'AAAA', text: '2001:db8::1::1', error: 'not an IPv6 address' },
    { type: 'AAAA', text: '12345::', error: 'not an IPv6 address' },
    { type: 'AAAA', text: 'g::1', error: 'not an IPv6 address' },
    { type: 'AAAA', text: '1:2:3:4:5:6:7:8:9', error: 'not an IPv6 address' },
    { type: 'AAAA', text: '1:2:3:4:5:6:7', error: 'not an IPv6 address' },
    { type: 'AAAA', text: '1:2:3:4:5:6:7:8::', error: 'not an IPv6 address' },
    { type: 'AAAA', text: ':1::', error: 'not an IPv6 address' },
    { type: 'AAAA', text: ':::1', error: 'not an IPv6 address' },
    { type: 'AAAA', text: '1.2.3.4::', error: 'not an IPv6 address' },
    { type: 'AAAA', text: 'fe80::1%eth0', error: 'not an IPv6 address', note: 'zone index' },
    { type: 'AAAA', text: '192.0.2.1', error: 'not an IPv6 address' },
  ]);
});

describe('NS, CNAME, PTR, DNAME, MX (names in RDATA)', () => {
  checkRows([
    {
      type: 'NS',
      text: 'ns1',
      origin: 'example.com.',
      canonical: 'ns1.example.com.',
      packet: 'ns1.example.com',
    },
    { type: 'NS', text: 'NS1.Example.COM.', canonical: 'ns1.example.com.', note: 'lowercased' },
    { type: 'CNAME', text: '@', origin: 'example.com.', canonical: 'example.com.', packet: 'example.com' },
    { type: 'CNAME', text: '.', canonical: '.', wire: '00' },
    {
      type: 'CNAME',
      text: 'a\\.b.example.',
      canonical: 'a\\.b.example.',
      wire: '03612e62 076578616d706c65 00',
      note: 'escaped dot in a label',
    },
    { type: 'CNAME', text: 'x\\065y.example.', canonical: 'xay.example.', note: 'decimal escape' },
    { type: 'PTR', text: 'host.example.', canonical: 'host.example.', packet: 'host.example' },
    { type: 'DNAME', text: 'example.net.', canonical: 'example.net.', packet: 'example.net' },
    {
      type: 'MX',
      text: '10 mail.example.com.',
      canonical: '10 mail.example.com.',
      wire: '000a 046d61696c 076578616d706c65 03636f6d 00',
      packet: { preference: 10, exchange: 'mail.example.com' },
    },
    {
      type: 'MX',
      text: '0 .',
      canonical: '0 .',
      note: 'RFC 7505 null MX',
      packet: { preference: 0, exchange: '.' },
    },
    { type: 'MX', text: '65535 mx', origin: 'example.org.', canonical: '65535 mx.example.org.' },
  ]);
  checkErrors([
    { type: 'NS', text: 'ns1', error: 'NS nsdname: relative name "ns1" without an origin' },
    { type: 'NS', text: 'a.example. b.example.', error: 'NS needs 1 field (nsdname), got 2' },
    { type: 'NS', text: '"ns1.example."', error: 'NS nsdname must be a domain name, not a quoted string' },
    { type: 'CNAME', text: 'a..b.', error: 'empty label' },
    { type: 'CNAME', text: `${'a'.repeat(64)}.example.`, error: 'label longer than 63 octets' },
    { type: 'CNAME', text: 'ex\\300.com.', error: 'out of range' },
    { type: 'MX', text: '70000 mail.example.', error: 'MX preference must be 0–65535, got 70000' },
    { type: 'MX', text: '-1 mail.example.', error: 'MX preference must be a number 0–65535, got "-1"' },
    { type: 'MX', text: 'ten mail.example.', error: 'MX preference must be a number' },
    { type: 'MX', text: 'mail.example.', error: 'MX needs 2 fields (preference exchange), got 1' },
    { type: 'MX', text: '10 mail', error: 'MX exchange: relative name "mail" without an origin' },
  ]);
});

describe('SOA (RFC 1035 §3.3.13)', () => {
  const soa = {
    mname: 'ns1.example.com',
    rname: 'hostmaster.example.com',
    serial: 2024010101,
    refresh: 7200,
    retry: 3600,
    expire: 1209600,
    minimum: 300,
  };
  const canonical = 'ns1.example.com. hostmaster.example.com. 2024010101 7200 3600 1209600 300';
  checkRows([
    { type: 'SOA', text: canonical, canonical, packet: soa },
    {
      type: 'SOA',
      text: 'ns1 hostmaster 2024010101 2h 1H 2w 5m',
      origin: 'example.com.',
      canonical,
      packet: soa,
      note: 'relative names, TTL units',
    },
    {
      type: 'SOA',
      text: '. . 4294967295 1w2d3h4m5s 0 0s 1d',
      canonical: '. . 4294967295 788645 0 0 86400',
      wire: '00 00 ffffffff 000c08a5 00000000 00000000 00015180',
    },
  ]);
  checkErrors([
    {
      type: 'SOA',
      text: 'ns1. host. 1h 1 1 1 1',
      error: 'SOA serial must be a number 0–4294967295, got "1h"',
    },
    {
      type: 'SOA',
      text: 'ns1. host. 4294967296 1 1 1 1',
      error: 'SOA serial must be 0–4294967295, got 4294967296',
    },
    {
      type: 'SOA',
      text: 'ns1. host. 1 1x 1 1 1',
      error: 'SOA refresh must be seconds or a duration like 1h30m',
    },
    { type: 'SOA', text: 'ns1. host. 1 1 1 1h30 1', error: 'SOA expire must be seconds or a duration' },
    {
      type: 'SOA',
      text: 'ns1. host. 1 1 1 1 8000w',
      error: 'SOA minimum must be at most 4294967295 seconds',
    },
    { type: 'SOA', text: 'ns1. host. 1 1 1 1', error: 'SOA needs 7 fields (mname rname serial refresh' },
    { type: 'SOA', text: 'ns1 host. 1 1 1 1 1', error: 'SOA mname: relative name "ns1" without an origin' },
  ]);
});

describe('TXT and SPF (RFC 1035 §3.3.14, §5.1)', () => {
  checkRows([
    { type: 'TXT', text: '"v=spf1 -all"', canonical: '"v=spf1 -all"', packet: ['v=spf1 -all'] },
    { type: 'TXT', text: 'hello world', canonical: '"hello" "world"', packet: ['hello', 'world'] },
    { type: 'TXT', text: '"a\\"b" "c\\\\d"', canonical: '"a\\"b" "c\\\\d"', packet: ['a"b', 'c\\d'] },
    { type: 'TXT', text: '"\\065\\066C"', canonical: '"ABC"', packet: ['ABC'], note: '\\DDD' },
    { type: 'TXT', text: '"\\x\\;y"', canonical: '"x;y"', note: '\\X' },
    { type: 'TXT', text: '"tab\\009nl\\010"', canonical: '"tab\\009nl\\010"', wire: '07 746162 09 6e6c 0a' },
    { type: 'TXT', text: '"\\255\\000"', canonical: '"\\255\\000"', wire: '02ff00' },
    { type: 'TXT', text: '""', canonical: '""', wire: '00', note: 'one empty string' },
    { type: 'TXT', text: '"" ""', canonical: '"" ""', wire: '0000' },
    { type: 'TXT', text: 'a\\ b', canonical: '"a b"', packet: ['a b'], note: 'escaped space, unquoted' },
    { type: 'TXT', text: '"héllo"', canonical: '"h\\195\\169llo"', packet: ['héllo'], note: 'UTF-8' },
    { type: 'TXT', text: '"x""y"', canonical: '"x" "y"', note: 'adjacent quoted strings' },
    {
      type: 'TXT',
      text: `"${'a'.repeat(255)}"`,
      canonical: `"${'a'.repeat(255)}"`,
      packet: ['a'.repeat(255)],
    },
    { type: 'TXT', text: '\\# 6 0568656c6c6f', canonical: '"hello"', note: 'RFC 3597 generic' },
    {
      type: 'SPF',
      text: '"v=spf1 mx -all"',
      canonical: '"v=spf1 mx -all"',
      packet: ['v=spf1 mx -all'],
      packetType: 'TXT',
    },
  ]);
  checkErrors([
    {
      type: 'TXT',
      text: `"${'a'.repeat(256)}"`,
      error: 'TXT string is 256 octets; a character-string holds at most 255',
    },
    { type: 'TXT', text: `ok "${'a'.repeat(300)}"`, error: 'TXT string 2 is 300 octets' },
    { type: 'TXT', text: '"\\256"', error: 'escape \\256 is above 255' },
    { type: 'TXT', text: '"\\12"', error: 'escape \\DDD needs three decimal digits' },
    { type: 'TXT', text: 'ab"c d"', error: 'unexpected " inside the unquoted string' },
    { type: 'TXT', text: '', error: 'TXT needs at least 1 field (text), got 0' },
    { type: 'SPF', text: '', error: 'SPF needs at least 1 field' },
  ]);
});

describe('HINFO (RFC 1035 §3.3.2)', () => {
  checkRows([
    {
      type: 'HINFO',
      text: '"INTEL-386" "Linux"',
      canonical: '"INTEL-386" "Linux"',
      packet: { cpu: 'INTEL-386', os: 'Linux' },
    },
    { type: 'HINFO', text: 'RFC8482 ""', canonical: '"RFC8482" ""', packet: { cpu: 'RFC8482', os: '' } },
  ]);
  checkErrors([
    { type: 'HINFO', text: '"PC"', error: 'HINFO needs 2 fields (cpu os), got 1' },
    { type: 'HINFO', text: 'a b c', error: 'HINFO needs 2 fields (cpu os), got 3' },
  ]);
});

describe('SRV (RFC 2782) and URI (RFC 7553)', () => {
  checkRows([
    {
      type: 'SRV',
      text: '10 60 5060 sip.example.com.',
      canonical: '10 60 5060 sip.example.com.',
      packet: { priority: 10, weight: 60, port: 5060, target: 'sip.example.com' },
    },
    {
      type: 'SRV',
      text: '0 0 0 .',
      canonical: '0 0 0 .',
      packet: { priority: 0, weight: 0, port: 0, target: '.' },
    },
    { type: 'SRV', text: '1 2 443 www', origin: 'example.com.', canonical: '1 2 443 www.example.com.' },
    {
      type: 'URI',
      text: '10 1 "ftp://ftp1.example.com/public"',
      canonical: '10 1 "ftp://ftp1.example.com/public"',
      wire: '000a 0001 6674703a2f2f667470312e6578616d706c652e636f6d2f7075626c6963',
    },
    {
      type: 'URI',
      text: '1 0 https://x.example/a\\"b',
      canonical: '1 0 "https://x.example/a\\"b"',
      wire: '0001 0000 68747470733a2f2f782e6578616d706c652f612262',
    },
    {
      type: 'URI',
      text: `0 0 "${'u'.repeat(300)}"`,
      canonical: `0 0 "${'u'.repeat(300)}"`,
      note: 'longer than 255',
    },
  ]);
  checkErrors([
    { type: 'SRV', text: '10 60 65536 sip.example.', error: 'SRV port must be 0–65535, got 65536' },
    { type: 'SRV', text: '10 60 5060', error: 'SRV needs 4 fields (priority weight port target), got 3' },
    { type: 'URI', text: '10 1 ""', error: 'URI target must not be empty' },
    { type: 'URI', text: '10 "x"', error: 'URI needs 3 fields (priority weight target), got 2' },
    { type: 'URI', text: '10 100000 "x"', error: 'URI weight must be 0–65535, got 100000' },
  ]);
});

describe('NAPTR (RFC 3403 §4)', () => {
  checkRows([
    {
      type: 'NAPTR',
      text: '100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .',
      canonical: '100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .',
      packet: {
        order: 100,
        preference: 10,
        flags: 'u',
        services: 'E2U+sip',
        regexp: '!^.*$!sip:info@example.com!',
        replacement: '.',
      },
    },
    {
      type: 'NAPTR',
      text: '100 50 s z3950+I2L+I2C "" _z3950._tcp.gatech.edu.',
      canonical: '100 50 "s" "z3950+I2L+I2C" "" _z3950._tcp.gatech.edu.',
      packet: {
        order: 100,
        preference: 50,
        flags: 's',
        services: 'z3950+I2L+I2C',
        regexp: '',
        replacement: '_z3950._tcp.gatech.edu',
      },
    },
    { type: 'NAPTR', text: '1 1 "" "" "" sip', origin: 'example.', canonical: '1 1 "" "" "" sip.example.' },
  ]);
  checkErrors([
    {
      type: 'NAPTR',
      text: '1 1 "u" "E2U+sip" "!x!y!" other.example.',
      error: 'NAPTR regexp and replacement are mutually exclusive',
    },
    { type: 'NAPTR', text: '1 1 "u!" "" "" .', error: 'NAPTR flags must be letters and digits only' },
    {
      type: 'NAPTR',
      text: '1 1 "u" "" ""',
      error: 'NAPTR needs 6 fields (order preference flags services regexp replacement), got 5',
    },
    { type: 'NAPTR', text: '1 99999 "u" "" "" .', error: 'NAPTR preference must be 0–65535, got 99999' },
  ]);
});

describe('CAA (RFC 8659 §4.1)', () => {
  checkRows([
    {
      type: 'CAA',
      text: '0 issue "letsencrypt.org"',
      canonical: '0 issue "letsencrypt.org"',
      wire: '00 05 6973737565 6c657473656e63727970742e6f7267',
      packet: { flags: 0, tag: 'issue', value: 'letsencrypt.org' },
    },
    {
      type: 'CAA',
      text: '128 iodef "mailto:security@example.com"',
      canonical: '128 iodef "mailto:security@example.com"',
      packet: { flags: 128, tag: 'iodef', value: 'mailto:security@example.com' },
    },
    {
      type: 'CAA',
      text: '0 issuewild "ca.example.net; account=230123"',
      canonical: '0 issuewild "ca.example.net; account=230123"',
      packet: { flags: 0, tag: 'issuewild', value: 'ca.example.net; account=230123' },
    },
    {
      type: 'CAA',
      text: '0 issue ";"',
      canonical: '0 issue ";"',
      packet: { flags: 0, tag: 'issue', value: ';' },
    },
    {
      type: 'CAA',
      text: '0 issue letsencrypt.org',
      canonical: '0 issue "letsencrypt.org"',
      note: 'unquoted value',
    },
    { type: 'CAA', text: '0 tbs ""', canonical: '0 tbs ""', wire: '00 03 746273', note: 'empty value' },
    { type: 'CAA', text: '0 Issue "x"', canonical: '0 Issue "x"', note: 'tag case is kept' },
    {
      type: 'CAA',
      text: `0 issue "${'v'.repeat(400)}"`,
      canonical: `0 issue "${'v'.repeat(400)}"`,
      note: 'value is not a character-string',
    },
  ]);
  checkErrors([
    {
      type: 'CAA',
      text: '0 issueissueissue1 "x"',
      error: 'CAA tag must be 1–15 letters and digits, got "issueissueissue1"',
    },
    { type: 'CAA', text: '0 is-sue "x"', error: 'CAA tag must be 1–15 letters and digits' },
    { type: 'CAA', text: '0 "issue" "x"', error: 'CAA tag must be 1–15 letters and digits' },
    { type: 'CAA', text: '256 issue "x"', error: 'CAA flags must be 0–255, got 256' },
    { type: 'CAA', text: '0 issue', error: 'CAA needs 3 fields (flags tag value), got 2' },
    { type: 'CAA', text: '0 issue "a" "b"', error: 'CAA needs 3 fields (flags tag value), got 4' },
  ]);
});
