/** CAA (RFC 8659 §4.1): flags tag "value"; the value fills the rest of the RDATA. */
import { err, ok } from '../../result';
import { expectFields, parseU8 } from './fields';
import { decodeCharString, quoteOctets, show } from './text';
import type { Token } from './tokens';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

/** RFC 8659 §4.1: the tag is 1–15 ASCII letters and digits. */
function isTag(bytes: Uint8Array): boolean {
  if (bytes.length < 1 || bytes.length > 15) return false;
  return bytes.every((b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}

export const CAA_CODEC: RdataCodec = {
  parse(tokens: readonly Token[]) {
    const shape = expectFields('CAA', tokens, ['flags', 'tag', 'value']);
    if (!shape.ok) return shape;
    const flags = parseU8(tokens[0], 'CAA flags');
    if (!flags.ok) return flags;
    const tagToken = tokens[1]!;
    const tag = new TextEncoder().encode(tagToken.text);
    if (tagToken.quoted || !isTag(tag)) {
      return err(`CAA tag must be 1–15 letters and digits, got ${show(tagToken.text)}`);
    }
    const valueToken = tokens[2]!;
    const value = decodeCharString(valueToken.text, valueToken.quoted);
    if (!value.ok) return err(`CAA value: ${value.error}`);
    return ok(new ByteWriter().u8(flags.value).charString(tag).bytes(value.value).finish());
  },
  format(rdata: Uint8Array) {
    const r = new ByteReader(rdata);
    const flags = r.u8('flags');
    const tag = r.charString('tag');
    const value = r.rest();
    if (!r.failed && !isTag(tag)) return err('CAA tag is not 1–15 letters and digits');
    return r.done(`${flags} ${String.fromCharCode(...tag)} ${quoteOctets(value)}`);
  },
};
