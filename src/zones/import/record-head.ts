/**
 * The part of a zone-file record between the owner and the RDATA: `[ttl] [class] type`, TTL and
 * class in either order, both optional (RFC 1035 §5.1). Only class IN is served.
 */
import { typeFromString } from '../../dns/constants';
import type { Token } from '../../dns/rdata';
import { err, ok, type Result } from '../../result';
import { looksLikeTtl, parseTtl } from './ttl';

export interface RecordHead {
  /** The TTL written on the record, if any. */
  readonly ttl?: number;
  readonly type: number;
  /** Index of the first RDATA token. */
  readonly next: number;
}

const CLASS_TOKEN = /^(?:IN|CH|CS|HS|CLASS\d+)$/i;
const IN_CLASS = /^(?:IN|CLASS0*1)$/i;

/** Reads `[ttl] [class] type` from `tokens[from]` on. */
export function parseRecordHead(tokens: readonly Token[], from: number): Result<RecordHead, string> {
  let ttl: number | undefined;
  let sawClass = false;
  let at = from;
  for (; at < tokens.length && at < from + 2; at++) {
    const text = tokens[at]!.text;
    if (ttl === undefined && looksLikeTtl(text)) {
      const parsed = parseTtl(text);
      if (!parsed.ok) return parsed;
      ttl = parsed.value;
    } else if (!sawClass && CLASS_TOKEN.test(text)) {
      if (!IN_CLASS.test(text)) return err(`class ${text.toUpperCase()} is not supported (only IN)`);
      sawClass = true;
    } else {
      break;
    }
  }
  const typeToken = tokens[at];
  if (typeToken === undefined) return err('missing record type');
  const type = typeFromString(typeToken.text);
  if (type === undefined) return err(`unknown record type "${typeToken.text}"`);
  return ok(ttl === undefined ? { type, next: at + 1 } : { ttl, type, next: at + 1 });
}
