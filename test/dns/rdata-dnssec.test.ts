/** DS/CDS, SSHFP, TLSA (hex digests) and DNSKEY/CDNSKEY, OPENPGPKEY (base64 keys). */
import { Buffer } from 'node:buffer';
import { describe } from 'vitest';
import { checkErrors, checkRows } from '../support/rdata';

const hexBuf = (h: string) => Buffer.from(h.replaceAll(' ', ''), 'hex');
const b64Buf = (b: string) => Buffer.from(b.replaceAll(' ', ''), 'base64');

const SHA1_DS = '2BB183AF5F22588179A53B0A98631FAD1A292118';
const SHA256_DS = 'D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A';

describe('DS and CDS (RFC 4034 §5.3, RFC 7344)', () => {
  checkRows([
    {
      type: 'DS',
      text: `60485 5 1 ${SHA1_DS}`,
      canonical: `60485 5 1 ${SHA1_DS}`,
      packet: { keyTag: 60485, algorithm: 5, digestType: 1, digest: hexBuf(SHA1_DS) },
      note: 'RFC 4034 §5.4',
    },
    {
      type: 'DS',
      text: '60485 RSASHA1 1 2bb183af5f22588179a5 3b0a98631fad1a292118',
      canonical: `60485 5 1 ${SHA1_DS}`,
      note: 'mnemonic, lowercase hex split over tokens',
    },
    {
      type: 'DS',
      text: `60485 5 2 ${SHA256_DS.slice(0, 48)} ${SHA256_DS.slice(48)}`,
      canonical: `60485 5 2 ${SHA256_DS}`,
      packet: { keyTag: 60485, algorithm: 5, digestType: 2, digest: hexBuf(SHA256_DS) },
      note: 'RFC 4509 §2.3',
    },
    {
      type: 'CDS',
      text: `60485 13 2 ${SHA256_DS}`,
      canonical: `60485 13 2 ${SHA256_DS}`,
      packet: { keyTag: 60485, algorithm: 13, digestType: 2, digest: hexBuf(SHA256_DS) },
      packetType: 'DS',
    },
    {
      type: 'CDS',
      text: '0 0 0 00',
      canonical: '0 0 0 00',
      wire: '0000 00 00 00',
      note: 'RFC 8078 §4 delete',
    },
    {
      type: 'DS',
      text: '1 8 99 ABCDEF',
      canonical: '1 8 99 ABCDEF',
      note: 'unknown digest type: any length',
    },
  ]);
  checkErrors([
    {
      type: 'DS',
      text: `1 8 2 ${SHA256_DS.slice(2)}`,
      error: 'DS digest for digest type 2 (SHA-256) must be 32 octets, got 31',
    },
    { type: 'DS', text: '1 8 1 ABC', error: 'DS digest: hex has an odd number of digits' },
    { type: 'DS', text: '1 8 1 zz', error: 'DS digest: not a hex digit: "z"' },
    { type: 'DS', text: `65536 8 2 ${SHA256_DS}`, error: 'DS key tag must be 0–65535, got 65536' },
    { type: 'DS', text: `1 FOO 2 ${SHA256_DS}`, error: 'DS algorithm must be a number 0–255, got "FOO"' },
    {
      type: 'DS',
      text: '1 8 2',
      error: 'DS needs at least 4 fields (key-tag algorithm digest-type digest), got 3',
    },
    { type: 'DS', text: `1 8 2 "${SHA256_DS}"`, error: 'DS digest must be hex, not a quoted string' },
    {
      type: 'CDS',
      text: '1 8 2 00',
      error: 'CDS digest for digest type 2 (SHA-256) must be 32 octets, got 1',
    },
  ]);
});

describe('SSHFP (RFC 4255 §3.2, RFC 6594)', () => {
  const sha1 = '123456789abcdef67890123456789abcdef67890';
  const sha256 = 'e0e5cc8a6b1b5a1d1f0ce5d9b4e0f1e0a4c5d6e7f8091a2b3c4d5e6f70819203';
  checkRows([
    {
      type: 'SSHFP',
      text: `2 1 ${sha1}`,
      canonical: `2 1 ${sha1.toUpperCase()}`,
      packet: { algorithm: 2, hash: 1, fingerprint: sha1 },
    },
    {
      type: 'SSHFP',
      text: `4 2 ${sha256.slice(0, 32)} ${sha256.slice(32)}`,
      canonical: `4 2 ${sha256.toUpperCase()}`,
      packet: { algorithm: 4, hash: 2, fingerprint: sha256 },
    },
  ]);
  checkErrors([
    {
      type: 'SSHFP',
      text: `4 2 ${sha1}`,
      error: 'SSHFP fingerprint for fingerprint type 2 (SHA-256) must be 32 octets, got 20',
    },
    {
      type: 'SSHFP',
      text: '4 2',
      error: 'SSHFP needs at least 3 fields (algorithm fingerprint-type fingerprint), got 2',
    },
    { type: 'SSHFP', text: `256 1 ${sha1}`, error: 'SSHFP algorithm must be 0–255, got 256' },
  ]);
});

describe('TLSA (RFC 6698 §2.2)', () => {
  const digest = 'd2abde240d7cd3ee6b4b28c54df034b97983a1d16e8a410e4561cb106618e971';
  checkRows([
    {
      type: 'TLSA',
      text: `0 0 1 ${digest.slice(0, 32)} ${digest.slice(32)}`,
      canonical: `0 0 1 ${digest.toUpperCase()}`,
      packet: { usage: 0, selector: 0, matchingType: 1, certificate: hexBuf(digest) },
      note: 'RFC 6698 §2.3',
    },
    {
      type: 'TLSA',
      text: '3 1 0 3059301306072a8648ce3d020106082a8648ce3d03010703420004',
      canonical: '3 1 0 3059301306072A8648CE3D020106082A8648CE3D03010703420004',
      packet: {
        usage: 3,
        selector: 1,
        matchingType: 0,
        certificate: hexBuf('3059301306072a8648ce3d020106082a8648ce3d03010703420004'),
      },
    },
  ]);
  checkErrors([
    {
      type: 'TLSA',
      text: `3 1 1 ${digest.slice(2)}`,
      error: 'TLSA certificate association data for matching type 1 (SHA2-256) must be 32 octets, got 31',
    },
    { type: 'TLSA', text: `3 1 2 ${digest}`, error: 'must be 64 octets, got 32' },
    { type: 'TLSA', text: `256 1 1 ${digest}`, error: 'TLSA usage must be 0–255, got 256' },
    { type: 'TLSA', text: '3 1 1', error: 'TLSA needs at least 4 fields' },
  ]);
});

describe('DNSKEY, CDNSKEY (RFC 4034 §2.2) and OPENPGPKEY (RFC 7929)', () => {
  const rsa =
    'AQPSKmynfzW4kyBv015MUG2DeIQ3Cbl+BBZH4b/0PY1kxkmvHjcZc8no kfzj31GajIQKY+5CptLr3buXA10hWqTkF7H6RfoRqXQeogmMHfpftf6z Mv1LyBUgia7za6ZEzOJBOztyvhjL742iU/TpPSEDhm2SNKLijfUppn1U aNvv4w==';
  const ed25519 = 'l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=';
  checkRows([
    {
      type: 'DNSKEY',
      text: `256 3 5 ${rsa}`,
      canonical: `256 3 5 ${rsa.replaceAll(' ', '')}`,
      packet: { flags: 256, algorithm: 5, key: b64Buf(rsa) },
      note: 'RFC 4034 §2.3, key over several tokens',
    },
    {
      type: 'DNSKEY',
      text: `257 3 ED25519 ${ed25519}`,
      canonical: `257 3 15 ${ed25519}`,
      packet: { flags: 257, algorithm: 15, key: b64Buf(ed25519) },
      note: 'RFC 8080 §6, mnemonic',
    },
    {
      type: 'CDNSKEY',
      text: `257 3 13 ${ed25519}`,
      canonical: `257 3 13 ${ed25519}`,
      packet: { flags: 257, algorithm: 13, key: b64Buf(ed25519) },
      packetType: 'DNSKEY',
    },
    {
      type: 'CDNSKEY',
      text: '0 3 0 AA==',
      canonical: '0 3 0 AA==',
      wire: '0000 03 00 00',
      note: 'RFC 8078 §4 delete',
    },
    { type: 'DNSKEY', text: '256 3 8 AQID', canonical: '256 3 8 AQID', wire: '0100 03 08 010203' },
    {
      type: 'DNSKEY',
      text: '256 3 8 AQ',
      canonical: '256 3 8 AQ==',
      wire: '0100 03 08 01',
      note: 'unpadded base64',
    },
    { type: 'OPENPGPKEY', text: 'AQID BA==', canonical: 'AQIDBA==', wire: '01020304' },
  ]);
  checkErrors([
    {
      type: 'DNSKEY',
      text: `256 2 5 ${ed25519}`,
      error: 'DNSKEY protocol must be 3 (RFC 4034 §2.1.2), got 2',
    },
    { type: 'DNSKEY', text: '256 3 5 !!!!', error: 'DNSKEY public key: not a base64 character: "!"' },
    { type: 'DNSKEY', text: '256 3 5 AA==AA==', error: 'not a base64 character: "="' },
    { type: 'DNSKEY', text: '256 3 5 A', error: 'DNSKEY public key: base64 is truncated' },
    { type: 'DNSKEY', text: '256 3 5 AA=', error: 'misplaced "=" padding' },
    { type: 'DNSKEY', text: `65536 3 5 ${ed25519}`, error: 'DNSKEY flags must be 0–65535, got 65536' },
    {
      type: 'CDNSKEY',
      text: '257 3 13',
      error: 'CDNSKEY needs at least 4 fields (flags protocol algorithm public-key), got 3',
    },
    { type: 'OPENPGPKEY', text: '@@@@', error: 'OPENPGPKEY key: not a base64 character: "@"' },
    { type: 'OPENPGPKEY', text: '', error: 'OPENPGPKEY needs at least 1 field (key), got 0' },
  ]);
});
