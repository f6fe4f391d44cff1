/** SOA (RFC 1035 §3.3.13): mname rname serial refresh retry expire minimum. */
import { ok } from '../../result';
import { expectFields, parseDuration, parseNameField, parseU32 } from './fields';
import type { Token } from './tokens';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

const LAYOUT = ['mname', 'rname', 'serial', 'refresh', 'retry', 'expire', 'minimum'] as const;
const TIMERS = ['refresh', 'retry', 'expire', 'minimum'] as const;

export const SOA_CODEC: RdataCodec = {
  parse(tokens: readonly Token[], origin: string | undefined) {
    const shape = expectFields('SOA', tokens, LAYOUT);
    if (!shape.ok) return shape;
    const mname = parseNameField(tokens[0], origin, 'SOA mname');
    if (!mname.ok) return mname;
    const rname = parseNameField(tokens[1], origin, 'SOA rname');
    if (!rname.ok) return rname;
    const serial = parseU32(tokens[2], 'SOA serial');
    if (!serial.ok) return serial;
    const out = new ByteWriter().name(mname.value).name(rname.value).u32(serial.value);
    for (let i = 0; i < TIMERS.length; i++) {
      const timer = parseDuration(tokens[3 + i], `SOA ${TIMERS[i]}`);
      if (!timer.ok) return timer;
      out.u32(timer.value);
    }
    return ok(out.finish());
  },
  format(rdata: Uint8Array) {
    const r = new ByteReader(rdata);
    const fields = [r.name('mname'), r.name('rname')];
    for (const field of LAYOUT.slice(2)) fields.push(String(r.u32(field)));
    return r.done(fields.join(' '));
  },
};
