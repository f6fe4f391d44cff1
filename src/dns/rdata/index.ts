/**
 * RDATA in presentation format (RFC 1035 §5.1, per-type RFCs) ⇄ uncompressed wire form.
 * Names inside RDATA are stored in canonical form (lowercase, absolute).
 *
 * CONTRACT (used by the zone-file and Route 53 importers, the JSON API and exporters):
 * - parseRdata(type, tokens, origin) → wire RDATA, or a reason. Tokens come from the zone-file
 *   tokenizer: `text` is the raw token with surrounding quotes removed but escapes NOT processed;
 *   `quoted` says whether it was a quoted string. `origin` completes relative names (undefined: names
 *   must be absolute; Route 53 values are parsed with origin "." so `mail.example.com` is absolute).
 *   Every type also accepts the RFC 3597 generic form `\# <len> <hex...>`.
 *   SVCB/HTTPS: a `key="value"` SvcParam is one unquoted token whose text keeps its quotes (as
 *   BIND's lexer returns it, and as tokensOf does); `key=` followed by a quoted token also works.
 * - formatRdata(type, rdata) → canonical presentation text (names absolute with trailing dot).
 *   Never throws: RDATA that does not decode for its type, and every unknown type, come out in the
 *   generic form.
 * - Parsing the formatted text gives the same bytes back, so the formatted text is the one
 *   spelling of a record (canonicalRdataText).
 */
import { err, ok, type Result } from '../../result';
import { RRTYPE, typeToString } from '../constants';
import { A_CODEC, AAAA_CODEC } from './addresses';
import { CAA_CODEC } from './caa';
import { formatGeneric, isGenericForm, parseGeneric } from './generic';
import { dsCodec, SSHFP_CODEC, TLSA_CODEC } from './hashes';
import { dnskeyCodec, OPENPGPKEY_CODEC } from './keys';
import { MX_CODEC, singleNameCodec } from './names';
import { NAPTR_CODEC } from './naptr';
import { SOA_CODEC } from './soa';
import { SRV_CODEC, URI_CODEC } from './srv';
import { svcbCodec } from './svcb';
import { type Token, tokensOf } from './tokens';
import { HINFO_CODEC, textCodec } from './txt';
import type { RdataCodec } from './wire';

export { type Token, tokensOf };

/** Largest RDATA: RDLENGTH is 16 bits (RFC 1035 §3.2.1). */
export const MAX_RDATA = 0xffff;

/** Every type with a presentation format of its own. */
const CODECS: ReadonlyMap<number, RdataCodec> = new Map<number, RdataCodec>([
  [RRTYPE.A, A_CODEC],
  [RRTYPE.NS, singleNameCodec('NS', 'nsdname')],
  [RRTYPE.CNAME, singleNameCodec('CNAME', 'target')],
  [RRTYPE.SOA, SOA_CODEC],
  [RRTYPE.PTR, singleNameCodec('PTR', 'ptrdname')],
  [RRTYPE.HINFO, HINFO_CODEC],
  [RRTYPE.MX, MX_CODEC],
  [RRTYPE.TXT, textCodec('TXT')],
  [RRTYPE.AAAA, AAAA_CODEC],
  [RRTYPE.SRV, SRV_CODEC],
  [RRTYPE.NAPTR, NAPTR_CODEC],
  [RRTYPE.DNAME, singleNameCodec('DNAME', 'target')],
  [RRTYPE.DS, dsCodec('DS')],
  [RRTYPE.SSHFP, SSHFP_CODEC],
  [RRTYPE.DNSKEY, dnskeyCodec('DNSKEY')],
  [RRTYPE.TLSA, TLSA_CODEC],
  [RRTYPE.CDS, dsCodec('CDS')],
  [RRTYPE.CDNSKEY, dnskeyCodec('CDNSKEY')],
  [RRTYPE.OPENPGPKEY, OPENPGPKEY_CODEC],
  [RRTYPE.SVCB, svcbCodec('SVCB')],
  [RRTYPE.HTTPS, svcbCodec('HTTPS')],
  [RRTYPE.SPF, textCodec('SPF')],
  [RRTYPE.URI, URI_CODEC],
  [RRTYPE.CAA, CAA_CODEC],
]);

/**
 * Generic-form RDATA of a known type must be valid for that type (RFC 3597 §5); it is
 * re-encoded through the type's own format so names come out canonical.
 */
function fromGeneric(type: number, codec: RdataCodec, raw: Uint8Array): Result<Uint8Array, string> {
  const invalid = (reason: string) =>
    err(`generic RDATA is not valid ${typeToString(type)} RDATA: ${reason}`);
  const text = codec.format(raw);
  if (!text.ok) return invalid(text.error);
  const tokens = tokensOf(text.value);
  if (!tokens.ok) return invalid(tokens.error);
  const wire = codec.parse(tokens.value, undefined);
  return wire.ok ? wire : invalid(wire.error);
}

export function parseRdata(
  type: number,
  tokens: readonly Token[],
  origin: string | undefined,
): Result<Uint8Array, string> {
  if (!Number.isInteger(type) || type < 0 || type > 0xffff)
    return err(`RR type must be 0–65535, got ${type}`);
  const codec = CODECS.get(type);
  let wire: Result<Uint8Array, string>;
  if (isGenericForm(tokens)) {
    wire = parseGeneric(tokens);
    if (wire.ok && codec !== undefined) wire = fromGeneric(type, codec, wire.value);
  } else if (codec === undefined) {
    return err(`${typeToString(type)} RDATA must be in the generic form \\# <length> <hex>`);
  } else {
    wire = codec.parse(tokens, origin);
  }
  if (wire.ok && wire.value.length > MAX_RDATA) {
    return err(`${typeToString(type)} RDATA is ${wire.value.length} octets; at most ${MAX_RDATA}`);
  }
  return wire;
}

export function formatRdata(type: number, rdata: Uint8Array): string {
  const text = CODECS.get(type)?.format(rdata);
  return text?.ok ? text.value : formatGeneric(rdata);
}

/** The one spelling of a presentation value: parsed, then formatted. */
export function canonicalRdataText(
  type: number,
  tokens: readonly Token[],
  origin: string | undefined,
): Result<string, string> {
  const wire = parseRdata(type, tokens, origin);
  return wire.ok ? ok(formatRdata(type, wire.value)) : wire;
}
