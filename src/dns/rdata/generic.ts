/** The RFC 3597 §5 generic form `\# <length> <hex...>`, valid for every type. */
import { bytesToHex } from '../../encoding/hex';
import { err, ok, type Result } from '../../result';
import { parseHexField, parseUint } from './fields';
import type { Token } from './tokens';

/** True when the value is written in the generic form (first token an unquoted `\#`). */
export function isGenericForm(tokens: readonly Token[]): boolean {
  const first = tokens[0];
  return first !== undefined && !first.quoted && first.text === '\\#';
}

export function parseGeneric(tokens: readonly Token[]): Result<Uint8Array, string> {
  const length = parseUint(tokens[1], 'generic RDATA length', 0xffff);
  if (!length.ok) return length;
  const data = parseHexField(tokens.slice(2), 'generic RDATA');
  if (!data.ok) return data;
  if (data.value.length !== length.value) {
    return err(`generic RDATA length says ${length.value} octets but the hex has ${data.value.length}`);
  }
  return ok(data.value);
}

/** `\# 4 c0000201`; empty RDATA is `\# 0`. */
export function formatGeneric(rdata: Uint8Array): string {
  return rdata.length === 0 ? '\\# 0' : `\\# ${rdata.length} ${bytesToHex(rdata)}`;
}
