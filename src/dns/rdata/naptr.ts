/** NAPTR (RFC 3403 §4): order preference "flags" "services" "regexp" replacement. */
import { err, ok, type Result } from '../../result';
import { ROOT } from '../name';
import { expectFields, parseNameField, parseU16 } from './fields';
import { quoteOctets } from './text';
import type { Token } from './tokens';
import { parseCharStringField } from './txt';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

const LAYOUT = ['order', 'preference', 'flags', 'services', 'regexp', 'replacement'];

function isAlnum(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/** RFC 3403 §4.1: flags are single characters A–Z, 0–9; regexp and replacement exclude each other. */
function check(flags: Uint8Array, regexp: Uint8Array, replacement: string): Result<undefined, string> {
  if (!flags.every(isAlnum)) return err('NAPTR flags must be letters and digits only');
  if (regexp.length > 0 && replacement !== ROOT) {
    return err('NAPTR regexp and replacement are mutually exclusive: one must be "" or "."');
  }
  return ok(undefined);
}

export const NAPTR_CODEC: RdataCodec = {
  parse(tokens: readonly Token[], origin: string | undefined) {
    const shape = expectFields('NAPTR', tokens, LAYOUT);
    if (!shape.ok) return shape;
    const order = parseU16(tokens[0], 'NAPTR order');
    if (!order.ok) return order;
    const preference = parseU16(tokens[1], 'NAPTR preference');
    if (!preference.ok) return preference;
    const strings: Uint8Array[] = [];
    for (let i = 2; i < 5; i++) {
      const s = parseCharStringField(tokens[i]!, `NAPTR ${LAYOUT[i]}`);
      if (!s.ok) return s;
      strings.push(s.value);
    }
    const [flags, services, regexp] = strings as [Uint8Array, Uint8Array, Uint8Array];
    const replacement = parseNameField(tokens[5], origin, 'NAPTR replacement');
    if (!replacement.ok) return replacement;
    const valid = check(flags, regexp, replacement.value);
    if (!valid.ok) return valid;
    const out = new ByteWriter().u16(order.value).u16(preference.value);
    out.charString(flags).charString(services).charString(regexp);
    return ok(out.name(replacement.value).finish());
  },
  format(rdata: Uint8Array) {
    const r = new ByteReader(rdata);
    const order = r.u16('order');
    const preference = r.u16('preference');
    const flags = r.charString('flags');
    const services = r.charString('services');
    const regexp = r.charString('regexp');
    const replacement = r.name('replacement');
    if (!r.failed) {
      const valid = check(flags, regexp, replacement);
      if (!valid.ok) return valid;
    }
    const strings = [flags, services, regexp].map((s) => quoteOctets(s)).join(' ');
    return r.done(`${order} ${preference} ${strings} ${replacement}`);
  },
};
