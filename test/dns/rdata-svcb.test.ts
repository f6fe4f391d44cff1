/** SVCB and HTTPS (RFC 9460), with the Appendix D test vectors. */
import { describe, expect, it } from 'vitest';
import { RRTYPE } from '../../src/dns/constants';
import { formatRdata, parseRdata } from '../../src/dns/rdata';
import { bytes, checkErrors, checkRows, hex } from '../support/rdata';

const FOO_COM = '03666f6f 076578616d706c65 03636f6d 00';
const FOO_ORG = '03666f6f 076578616d706c65 036f7267 00';

describe('RFC 9460 Appendix D.1 AliasMode', () => {
  checkRows([
    {
      type: 'HTTPS',
      text: '0 foo.example.com.',
      canonical: '0 foo.example.com.',
      wire: `0000 ${FOO_COM}`,
      note: 'Figure 2',
    },
  ]);
});

describe('RFC 9460 Appendix D.2 ServiceMode', () => {
  checkRows([
    { type: 'SVCB', text: '1 .', canonical: '1 .', wire: '0001 00', note: 'Figure 3' },
    {
      type: 'SVCB',
      text: '16 foo.example.com. port=53',
      canonical: '16 foo.example.com. port=53',
      wire: `0010 ${FOO_COM} 0003 0002 0035`,
      note: 'Figure 4',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. key667=hello',
      canonical: '1 foo.example.com. key667="hello"',
      wire: `0001 ${FOO_COM} 029b 0005 68656c6c6f`,
      note: 'Figure 5',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. key667="hello\\210qoo"',
      canonical: '1 foo.example.com. key667="hello\\210qoo"',
      wire: `0001 ${FOO_COM} 029b 0009 68656c6c6fd2716f6f`,
      note: 'Figure 6',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"',
      canonical: '1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1',
      wire: `0001 ${FOO_COM} 0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001`,
      note: 'Figure 7',
    },
    {
      type: 'SVCB',
      text: '1 example.com. ipv6hint="2001:db8:122:344::192.0.2.33"',
      canonical: '1 example.com. ipv6hint=2001:db8:122:344::c000:221',
      wire: '0001 076578616d706c6503636f6d00 0006 0010 20010db8012203440000 0000c0000221',
      note: 'Figure 8',
    },
    {
      type: 'SVCB',
      text: '16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1',
      canonical: '16 foo.example.org. mandatory=alpn,ipv4hint alpn="h2,h3-19" ipv4hint=192.0.2.1',
      wire: `0010 ${FOO_ORG} 0000 0004 0001 0004 0001 0009 02 6832 05 68332d3139 0004 0004 c0000201`,
      note: 'Figure 9',
    },
    {
      type: 'SVCB',
      text: '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
      canonical: '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
      wire: `0010 ${FOO_ORG} 0001 000c 08 665c6f6f2c626172 02 6832`,
      note: 'Figure 10, quoted',
    },
    {
      type: 'SVCB',
      text: '16 foo.example.org. alpn=f\\\\\\092oo\\092,bar,h2',
      canonical: '16 foo.example.org. alpn="f\\\\\\\\oo\\\\,bar,h2"',
      wire: `0010 ${FOO_ORG} 0001 000c 08 665c6f6f2c626172 02 6832`,
      note: 'Figure 10, unquoted',
    },
  ]);
});

describe('RFC 9460 Appendix D.3 failure cases', () => {
  checkErrors([
    {
      type: 'SVCB',
      text: '1 foo.example.com. key123=abc key123=def',
      error: 'SVCB SvcParamKey key123 appears more than once',
      note: 'Figure 11',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. mandatory',
      error: 'SVCB mandatory needs a value',
      note: 'Figure 12',
    },
    { type: 'SVCB', text: '1 foo.example.com. alpn', error: 'SVCB alpn needs a value', note: 'Figure 12' },
    {
      type: 'SVCB',
      text: '1 foo.example.com. port',
      error: 'SVCB port must be a number 0–65535, got ""',
      note: 'Figure 12',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. ipv4hint',
      error: 'SVCB ipv4hint needs a value',
      note: 'Figure 12',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. ipv6hint',
      error: 'SVCB ipv6hint needs a value',
      note: 'Figure 12',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. no-default-alpn=abc',
      error: 'SVCB no-default-alpn must not have a value',
      note: 'Figure 13',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. mandatory=key123',
      error: 'SVCB mandatory lists key123, which the record does not have',
      note: 'Figure 14',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. mandatory=mandatory',
      error: 'SVCB mandatory must not list "mandatory" itself',
      note: 'Figure 15',
    },
    {
      type: 'SVCB',
      text: '1 foo.example.com. mandatory=key123,key123 key123=abc',
      error: 'SVCB mandatory lists key123 more than once',
      note: 'Figure 16',
    },
  ]);
});

describe('SVCB/HTTPS beyond the RFC vectors', () => {
  checkRows([
    {
      type: 'HTTPS',
      text: '1 . alpn=h3,h2 ipv4hint=104.16.132.229,104.16.133.229 ech=AEX+DQBB ipv6hint=2606:4700::6810:84e5',
      canonical:
        '1 . alpn="h3,h2" ipv4hint=104.16.132.229,104.16.133.229 ech=AEX+DQBB ipv6hint=2606:4700::6810:84e5',
      wire: '0001 00 0001 0006 026833 026832 0004 0008 681084e5 681085e5 0005 0006 0045fe0d0041 0006 0010 260647000000000000000000681084e5',
    },
    {
      type: 'HTTPS',
      text: '1 svc alpn=h2 no-default-alpn port="8443"',
      origin: 'example.com.',
      canonical: '1 svc.example.com. alpn="h2" no-default-alpn port=8443',
    },
    {
      type: 'HTTPS',
      text: '2 . key3=\\000\\053 key2 key1=\\002h2',
      canonical: '2 . alpn="h2" no-default-alpn port=53',
      note: 'registered keys in keyNNNNN form',
    },
    { type: 'SVCB', text: '1 . key667', canonical: '1 . key667', wire: '0001 00 029b 0000' },
    { type: 'SVCB', text: '1 . key667=""', canonical: '1 . key667', wire: '0001 00 029b 0000' },
    {
      type: 'SVCB',
      text: '1 . key667="hello world"',
      canonical: '1 . key667="hello\\032world"',
      note: 'space escaped so the value stays one token',
    },
    { type: 'SVCB', text: '1 . key65534=x', canonical: '1 . key65534="x"', wire: '0001 00 fffe 0001 78' },
    {
      type: 'SVCB',
      text: '1 . alpn="a\\"b"',
      canonical: '1 . alpn="a\\"b"',
      wire: '0001 00 0001 0004 03 612262',
    },
    {
      type: 'SVCB',
      text: '1 dns.example. alpn=h2 dohpath=/dns-query{?dns}',
      canonical: '1 dns.example. alpn="h2" dohpath="/dns-query{?dns}"',
      note: 'RFC 9461',
    },
    { type: 'HTTPS', text: '1 . ohttp', canonical: '1 . ohttp', wire: '0001 00 0008 0000', note: 'RFC 9540' },
    {
      type: 'SVCB',
      text: '1 . mandatory=key65333,ech ech=AAEC key65333=ex1',
      canonical: '1 . mandatory=ech,key65333 ech=AAEC key65333="ex1"',
    },
    { type: 'HTTPS', text: '0 .', canonical: '0 .', wire: '0000 00', note: 'AliasMode to "."' },
    { type: 'HTTPS', text: '1 Foo.Example.COM.', canonical: '1 foo.example.com.' },
  ]);
  checkErrors([
    {
      type: 'HTTPS',
      text: '0 foo.example.com. alpn=h2',
      error: 'HTTPS AliasMode (priority 0) must not have SvcParams',
    },
    { type: 'HTTPS', text: '1 . no-default-alpn', error: 'HTTPS no-default-alpn needs an alpn SvcParam too' },
    { type: 'HTTPS', text: '1 . key65535=x', error: 'key65535 is reserved' },
    { type: 'HTTPS', text: '1 . key0667=x', error: 'unknown SvcParamKey "key0667"' },
    { type: 'HTTPS', text: '1 . key65536=x', error: 'HTTPS SvcParamKey key65536 is above 65535' },
    { type: 'HTTPS', text: '1 . ALPN=h2', error: 'unknown SvcParamKey "ALPN"' },
    { type: 'HTTPS', text: '1 . mandatory=bogus', error: 'HTTPS mandatory: unknown SvcParamKey "bogus"' },
    { type: 'HTTPS', text: '1 . port=1234X5', error: 'HTTPS port must be a number 0–65535, got "1234X5"' },
    { type: 'HTTPS', text: '1 . port=1234,5678', error: 'HTTPS port must be a number 0–65535' },
    { type: 'HTTPS', text: '1 . port=65536', error: 'HTTPS port must be a number 0–65535, got "65536"' },
    {
      type: 'HTTPS',
      text: '1 . port=\\053\\051',
      error: 'HTTPS port value must not contain escape sequences',
    },
    { type: 'HTTPS', text: '1 . ech=b25l,Li4u', error: 'HTTPS ech: not a base64 character: ","' },
    { type: 'HTTPS', text: '1 . ech=', error: 'HTTPS ech needs a value' },
    { type: 'HTTPS', text: '1 . alpn=', error: 'HTTPS alpn needs a value' },
    { type: 'HTTPS', text: '1 . alpn=h2,,h3', error: 'HTTPS alpn has an empty item' },
    { type: 'HTTPS', text: '1 . alpn=h2,', error: 'HTTPS alpn has an empty item' },
    { type: 'HTTPS', text: '1 . alpn=a\\\\b', error: 'alpn: a backslash in a list item must escape' },
    {
      type: 'HTTPS',
      text: `1 . alpn=${'x'.repeat(256)}`,
      error: 'alpn protocol id is 256 octets; at most 255',
    },
    { type: 'HTTPS', text: '1 . ipv4hint=192.0.2.1,', error: 'HTTPS ipv4hint has an empty item' },
    { type: 'HTTPS', text: '1 . ipv4hint=2001:db8::1', error: 'HTTPS ipv4hint: not an IPv4 address' },
    { type: 'HTTPS', text: '1 . ipv6hint=192.0.2.1', error: 'HTTPS ipv6hint: not an IPv6 address' },
    {
      type: 'HTTPS',
      text: '1 . alpn=h2 key1=\\002h3',
      error: 'HTTPS SvcParamKey alpn appears more than once',
    },
    {
      type: 'HTTPS',
      text: '1 . key1=\\003h2',
      error: 'key1 (alpn): alpn protocol ids do not exactly fill the value',
    },
    { type: 'HTTPS', text: '1 . key3=\\000', error: 'key3 (port): port length is 1, not 2' },
    { type: 'HTTPS', text: '1 . dohpath', error: 'HTTPS dohpath needs a value' },
    { type: 'HTTPS', text: '1 . ohttp=1', error: 'HTTPS ohttp must not have a value' },
    { type: 'HTTPS', text: '1 . "alpn=h2"', error: 'expected a SvcParam (key=value), got the quoted string' },
    { type: 'HTTPS', text: '1 . alpn="h2"x', error: 'has text around its quoted value' },
    { type: 'HTTPS', text: '1 . alpn=h"2"', error: 'unexpected " inside the unquoted string' },
    { type: 'HTTPS', text: '1', error: 'HTTPS needs at least 2 fields (priority target), got 1' },
    { type: 'HTTPS', text: '65536 .', error: 'HTTPS priority must be 0–65535, got 65536' },
    { type: 'HTTPS', text: '1 svc', error: 'HTTPS target: relative name "svc" without an origin' },
    {
      type: 'SVCB',
      text: '\\# 8 0001 00 0003 0002 00',
      error: 'generic RDATA is not valid SVCB RDATA: RDATA ends inside the SvcParamValue',
    },
    { type: 'SVCB', text: '\\# 5 0001 00 0003', error: 'RDATA ends inside the SvcParam length' },
    {
      type: 'SVCB',
      text: '\\# 13 0001 00 0003 0002 0035 0001 0000',
      error: 'SvcParamKeys are not in strictly increasing order',
    },
    {
      type: 'HTTPS',
      text: '\\# 9 0000 00 0003 0002 0035',
      error: 'AliasMode (priority 0) must not have SvcParams',
    },
  ]);

  it('accepts key= followed by a separate quoted token (other tokenizers)', () => {
    const tokens = [
      { text: '1', quoted: false },
      { text: '.', quoted: false },
      { text: 'alpn=', quoted: false },
      { text: 'h2,h3', quoted: true },
      { text: 'port=443', quoted: false },
    ];
    const wire = parseRdata(RRTYPE.HTTPS, tokens, undefined);
    expect(wire.ok && formatRdata(RRTYPE.HTTPS, wire.value)).toBe('1 . alpn="h2,h3" port=443');
  });

  it('accepts the generic form and re-encodes it canonically', () => {
    const wire = parseRdata(
      RRTYPE.HTTPS,
      [
        { text: '\\#', quoted: false },
        { text: '3', quoted: false },
        { text: '000100', quoted: false },
      ],
      undefined,
    );
    expect(wire.ok && hex(wire.value)).toBe('000100');
  });

  it('formats malformed stored SVCB RDATA in the generic form', () => {
    expect(formatRdata(RRTYPE.SVCB, bytes('0001 00 0003 0001 35'))).toBe('\\# 8 0001000003000135');
    expect(formatRdata(RRTYPE.SVCB, bytes('0001 00 0003 0002 0035 0001 0000'))).toBe(
      '\\# 13 00010000030002003500010000',
    );
    expect(formatRdata(RRTYPE.SVCB, bytes('0001 00 0000 0002 0003'))).toBe('\\# 9 000100000000020003');
    expect(formatRdata(RRTYPE.SVCB, bytes('0001 c000'))).toBe('\\# 4 0001c000');
  });
});
