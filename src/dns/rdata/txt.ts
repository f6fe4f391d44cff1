/** Types made of <character-string>s: TXT (RFC 1035 §3.3.14), SPF (RFC 7208 §3.1), HINFO (§3.3.2). */
import { err, ok, type Result } from '../../result';
import { expectFields } from './fields';
import { decodeCharString, quoteOctets } from './text';
import type { Token } from './tokens';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

const MAX_STRING = 255;

/** One <character-string> token, quoted or not, at most 255 octets once decoded. */
export function parseCharStringField(token: Token, what: string): Result<Uint8Array, string> {
  const bytes = decodeCharString(token.text, token.quoted);
  if (!bytes.ok) return err(`${what}: ${bytes.error}`);
  if (bytes.value.length > MAX_STRING) {
    return err(`${what} is ${bytes.value.length} octets; a character-string holds at most 255 (split it)`);
  }
  return bytes;
}

/** TXT and SPF: one or more character-strings, each formatted quoted. */
export function textCodec(type: string): RdataCodec {
  return {
    parse(tokens: readonly Token[]) {
      const shape = expectFields(type, tokens, ['text'], true);
      if (!shape.ok) return shape;
      const out = new ByteWriter();
      for (let i = 0; i < tokens.length; i++) {
        const what = tokens.length === 1 ? `${type} string` : `${type} string ${i + 1}`;
        const bytes = parseCharStringField(tokens[i]!, what);
        if (!bytes.ok) return bytes;
        out.charString(bytes.value);
      }
      return ok(out.finish());
    },
    format(rdata: Uint8Array) {
      if (rdata.length === 0) return err(`${type} RDATA is empty; it needs at least one character-string`);
      const r = new ByteReader(rdata);
      const strings: string[] = [];
      while (r.remaining > 0) strings.push(quoteOctets(r.charString()));
      return r.done(strings.join(' '));
    },
  };
}

/** HINFO: cpu os. */
export const HINFO_CODEC: RdataCodec = {
  parse(tokens: readonly Token[]) {
    const shape = expectFields('HINFO', tokens, ['cpu', 'os']);
    if (!shape.ok) return shape;
    const cpu = parseCharStringField(tokens[0]!, 'HINFO cpu');
    if (!cpu.ok) return cpu;
    const os = parseCharStringField(tokens[1]!, 'HINFO os');
    if (!os.ok) return os;
    return ok(new ByteWriter().charString(cpu.value).charString(os.value).finish());
  },
  format(rdata: Uint8Array) {
    const r = new ByteReader(rdata);
    const cpu = quoteOctets(r.charString('cpu'));
    return r.done(`${cpu} ${quoteOctets(r.charString('os'))}`);
  },
};
