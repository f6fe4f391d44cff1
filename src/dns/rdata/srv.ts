/** SRV (RFC 2782) and URI (RFC 7553): priority weight, then a target. */
import { err, ok } from '../../result';
import { expectFields, parseNameField, parseU16 } from './fields';
import { decodeCharString, quoteOctets } from './text';
import type { Token } from './tokens';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

/** SRV: priority weight port target. */
export const SRV_CODEC: RdataCodec = {
  parse(tokens: readonly Token[], origin: string | undefined) {
    const shape = expectFields('SRV', tokens, ['priority', 'weight', 'port', 'target']);
    if (!shape.ok) return shape;
    const out = new ByteWriter();
    for (const [i, field] of (['priority', 'weight', 'port'] as const).entries()) {
      const v = parseU16(tokens[i], `SRV ${field}`);
      if (!v.ok) return v;
      out.u16(v.value);
    }
    const target = parseNameField(tokens[3], origin, 'SRV target');
    if (!target.ok) return target;
    return ok(out.name(target.value).finish());
  },
  format(rdata: Uint8Array) {
    const r = new ByteReader(rdata);
    const priority = r.u16('priority');
    const weight = r.u16('weight');
    const port = r.u16('port');
    return r.done(`${priority} ${weight} ${port} ${r.name('target')}`);
  },
};

/** URI: priority weight "target"; the target fills the rest of the RDATA and must not be empty. */
export const URI_CODEC: RdataCodec = {
  parse(tokens: readonly Token[]) {
    const shape = expectFields('URI', tokens, ['priority', 'weight', 'target']);
    if (!shape.ok) return shape;
    const priority = parseU16(tokens[0], 'URI priority');
    if (!priority.ok) return priority;
    const weight = parseU16(tokens[1], 'URI weight');
    if (!weight.ok) return weight;
    const target = tokens[2]!;
    const bytes = decodeCharString(target.text, target.quoted);
    if (!bytes.ok) return err(`URI target: ${bytes.error}`);
    if (bytes.value.length === 0) return err('URI target must not be empty');
    return ok(new ByteWriter().u16(priority.value).u16(weight.value).bytes(bytes.value).finish());
  },
  format(rdata: Uint8Array) {
    const r = new ByteReader(rdata);
    const priority = r.u16('priority');
    const weight = r.u16('weight');
    const target = r.rest();
    if (!r.failed && target.length === 0) return err('URI target is empty');
    return r.done(`${priority} ${weight} ${quoteOctets(target)}`);
  },
};
