/**
 * Small numbers followed by a hex digest: DS/CDS (RFC 4034 §5.3, RFC 7344), SSHFP (RFC 4255 §3.2),
 * TLSA (RFC 6698 §2.2). Hex may be split over tokens; it is formatted as one uppercase token.
 */
import { bytesToHex } from '../../encoding/hex';
import { err, ok, type Result } from '../../result';
import { expectFields, parseHexField, parseU8, parseU16 } from './fields';
import { parseAlgorithm } from './keys';
import type { Token } from './tokens';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

interface Field {
  readonly name: string;
  readonly size: 1 | 2;
  readonly algorithm?: boolean;
}

interface HashLayout {
  readonly fields: readonly Field[];
  /** Name of the hex field. */
  readonly data: string;
  /** Index of the field that fixes the digest length, and the known lengths by its value. */
  readonly selector: number;
  readonly lengths: ReadonlyMap<number, readonly [octets: number, name: string]>;
}

const DS: HashLayout = {
  fields: [
    { name: 'key tag', size: 2 },
    { name: 'algorithm', size: 1, algorithm: true },
    { name: 'digest type', size: 1 },
  ],
  data: 'digest',
  selector: 2,
  lengths: new Map([
    [1, [20, 'SHA-1']],
    [2, [32, 'SHA-256']],
    [3, [32, 'GOST R 34.11-94']],
    [4, [48, 'SHA-384']],
  ]),
};

const SSHFP: HashLayout = {
  fields: [
    { name: 'algorithm', size: 1 },
    { name: 'fingerprint type', size: 1 },
  ],
  data: 'fingerprint',
  selector: 1,
  lengths: new Map([
    [1, [20, 'SHA-1']],
    [2, [32, 'SHA-256']],
  ]),
};

const TLSA: HashLayout = {
  fields: [
    { name: 'usage', size: 1 },
    { name: 'selector', size: 1 },
    { name: 'matching type', size: 1 },
  ],
  data: 'certificate association data',
  selector: 2,
  lengths: new Map([
    [1, [32, 'SHA2-256']],
    [2, [64, 'SHA2-512']],
  ]),
};

function checkLength(
  type: string,
  layout: HashLayout,
  selector: number,
  data: Uint8Array,
): Result<undefined, string> {
  const what = `${type} ${layout.data}`;
  if (data.length === 0) return err(`${what} is empty`);
  const known = layout.lengths.get(selector);
  if (known !== undefined && data.length !== known[0]) {
    const field = layout.fields[layout.selector]!.name;
    return err(
      `${what} for ${field} ${selector} (${known[1]}) must be ${known[0]} octets, got ${data.length}`,
    );
  }
  return ok(undefined);
}

function hashCodec(type: string, layout: HashLayout): RdataCodec {
  const names = [...layout.fields.map((f) => f.name.replaceAll(' ', '-')), layout.data.replaceAll(' ', '-')];
  return {
    parse(tokens: readonly Token[]) {
      const shape = expectFields(type, tokens, names, true);
      if (!shape.ok) return shape;
      const out = new ByteWriter();
      const values: number[] = [];
      for (const [i, field] of layout.fields.entries()) {
        const what = `${type} ${field.name}`;
        const v = field.algorithm
          ? parseAlgorithm(tokens[i], what)
          : field.size === 2
            ? parseU16(tokens[i], what)
            : parseU8(tokens[i], what);
        if (!v.ok) return v;
        values.push(v.value);
        if (field.size === 2) out.u16(v.value);
        else out.u8(v.value);
      }
      const data = parseHexField(tokens.slice(layout.fields.length), `${type} ${layout.data}`);
      if (!data.ok) return data;
      const valid = checkLength(type, layout, values[layout.selector]!, data.value);
      return valid.ok ? ok(out.bytes(data.value).finish()) : valid;
    },
    format(rdata: Uint8Array) {
      const r = new ByteReader(rdata);
      const values = layout.fields.map((f) => (f.size === 2 ? r.u16(f.name) : r.u8(f.name)));
      const data = r.rest();
      if (!r.failed) {
        const valid = checkLength(type, layout, values[layout.selector]!, data);
        if (!valid.ok) return valid;
      }
      return r.done(`${values.join(' ')} ${bytesToHex(data, true)}`);
    },
  };
}

export const dsCodec = (type: 'DS' | 'CDS'): RdataCodec => hashCodec(type, DS);
export const SSHFP_CODEC = hashCodec('SSHFP', SSHFP);
export const TLSA_CODEC = hashCodec('TLSA', TLSA);
