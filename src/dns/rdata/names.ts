/** Types whose RDATA is a name, or a preference and a name: NS, CNAME, PTR, DNAME, MX. */
import { ok } from '../../result';
import { expectFields, parseNameField, parseU16 } from './fields';
import type { Token } from './tokens';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

/** NS (RFC 1035 §3.3.11), CNAME (§3.3.1), PTR (§3.3.12), DNAME (RFC 6672 §2.1). */
export function singleNameCodec(type: string, field: string): RdataCodec {
  return {
    parse(tokens: readonly Token[], origin: string | undefined) {
      const shape = expectFields(type, tokens, [field]);
      if (!shape.ok) return shape;
      const name = parseNameField(tokens[0], origin, `${type} ${field}`);
      return name.ok ? ok(new ByteWriter().name(name.value).finish()) : name;
    },
    format(rdata: Uint8Array) {
      const r = new ByteReader(rdata);
      return r.done(r.name(field));
    },
  };
}

/** MX (RFC 1035 §3.3.9): preference exchange. */
export const MX_CODEC: RdataCodec = {
  parse(tokens: readonly Token[], origin: string | undefined) {
    const shape = expectFields('MX', tokens, ['preference', 'exchange']);
    if (!shape.ok) return shape;
    const preference = parseU16(tokens[0], 'MX preference');
    if (!preference.ok) return preference;
    const exchange = parseNameField(tokens[1], origin, 'MX exchange');
    if (!exchange.ok) return exchange;
    return ok(new ByteWriter().u16(preference.value).name(exchange.value).finish());
  },
  format(rdata: Uint8Array) {
    const r = new ByteReader(rdata);
    const preference = r.u16('preference');
    return r.done(`${preference} ${r.name('exchange')}`);
  },
};
