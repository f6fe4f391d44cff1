/** DNSKEY/CDNSKEY (RFC 4034 §2.2, RFC 7344 §3.2) and OPENPGPKEY (RFC 7929 §2.3); base64 keys. */
import { encodeBase64 } from '../../encoding/base64';
import { err, ok, type Result } from '../../result';
import { expectFields, parseBase64Field, parseU8, parseU16 } from './fields';
import type { Token } from './tokens';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

/** DNSSEC algorithm mnemonics (RFC 4034 Appendix A.1 and the IANA registry). */
const ALGORITHMS: ReadonlyMap<string, number> = new Map([
  ['RSAMD5', 1],
  ['DH', 2],
  ['DSA', 3],
  ['RSASHA1', 5],
  ['DSA-NSEC3-SHA1', 6],
  ['RSASHA1-NSEC3-SHA1', 7],
  ['RSASHA256', 8],
  ['RSASHA512', 10],
  ['ECC-GOST', 12],
  ['ECDSAP256SHA256', 13],
  ['ECDSAP384SHA384', 14],
  ['ED25519', 15],
  ['ED448', 16],
  ['INDIRECT', 252],
  ['PRIVATEDNS', 253],
  ['PRIVATEOID', 254],
]);

/** An algorithm number, or its mnemonic (RFC 4034 §2.2, §5.3); formatted as the number. */
export function parseAlgorithm(token: Token | undefined, what: string): Result<number, string> {
  const mnemonic = token && !token.quoted ? ALGORITHMS.get(token.text.toUpperCase()) : undefined;
  return mnemonic !== undefined ? ok(mnemonic) : parseU8(token, what);
}

const DNSSEC_PROTOCOL = 3;

/** DNSKEY and CDNSKEY: flags protocol algorithm public-key (base64, may be split over tokens). */
export function dnskeyCodec(type: string): RdataCodec {
  return {
    parse(tokens: readonly Token[]) {
      const shape = expectFields(type, tokens, ['flags', 'protocol', 'algorithm', 'public-key'], true);
      if (!shape.ok) return shape;
      const flags = parseU16(tokens[0], `${type} flags`);
      if (!flags.ok) return flags;
      const protocol = parseU8(tokens[1], `${type} protocol`);
      if (!protocol.ok) return protocol;
      if (protocol.value !== DNSSEC_PROTOCOL) {
        return err(`${type} protocol must be 3 (RFC 4034 §2.1.2), got ${protocol.value}`);
      }
      const algorithm = parseAlgorithm(tokens[2], `${type} algorithm`);
      if (!algorithm.ok) return algorithm;
      const key = parseBase64Field(tokens.slice(3), `${type} public key`);
      if (!key.ok) return key;
      if (key.value.length === 0) return err(`${type} public key is empty`);
      return ok(
        new ByteWriter().u16(flags.value).u8(DNSSEC_PROTOCOL).u8(algorithm.value).bytes(key.value).finish(),
      );
    },
    format(rdata: Uint8Array) {
      const r = new ByteReader(rdata);
      const flags = r.u16('flags');
      const protocol = r.u8('protocol');
      const algorithm = r.u8('algorithm');
      const key = r.rest();
      if (!r.failed && protocol !== DNSSEC_PROTOCOL) return err(`${type} protocol is ${protocol}, not 3`);
      if (!r.failed && key.length === 0) return err(`${type} public key is empty`);
      return r.done(`${flags} ${protocol} ${algorithm} ${encodeBase64(key)}`);
    },
  };
}

/** OPENPGPKEY: the transferable public key, base64, may be split over tokens. */
export const OPENPGPKEY_CODEC: RdataCodec = {
  parse(tokens: readonly Token[]) {
    const shape = expectFields('OPENPGPKEY', tokens, ['key'], true);
    if (!shape.ok) return shape;
    const key = parseBase64Field(tokens, 'OPENPGPKEY key');
    if (!key.ok) return key;
    return key.value.length === 0 ? err('OPENPGPKEY key is empty') : key;
  },
  format(rdata: Uint8Array) {
    return rdata.length === 0 ? err('OPENPGPKEY key is empty') : ok(encodeBase64(rdata));
  },
};
