/**
 * SvcParam values for SVCB/HTTPS (RFC 9460 §7, §8; dohpath RFC 9461; ohttp RFC 9540).
 * Each key turns its presentation value into wire octets and back; unknown keys are `keyNNNNN`
 * with their decoded value as the wire form (RFC 9460 §2.1).
 */
import { decodeBase64, encodeBase64 } from '../../encoding/base64';
import { err, ok, type Result } from '../../result';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './addresses';
import { quoteOctets, show } from './text';
import { ByteWriter } from './wire';

export const SVC_PARAM_KEY = {
  mandatory: 0,
  alpn: 1,
  'no-default-alpn': 2,
  port: 3,
  ipv4hint: 4,
  ech: 5,
  ipv6hint: 6,
  dohpath: 7,
  ohttp: 8,
} as const;

/** Reserved ("Invalid key", RFC 9460 §14.3.2). */
const INVALID_KEY = 65535;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

interface KeySpec {
  /** `raw`: the value text with escapes unprocessed; `value`: its character-string decoding. */
  parse(raw: string, value: Uint8Array): Result<Uint8Array, string>;
  /** Wire value → presentation value (quoted when needed), or undefined when the key takes none. */
  format(wire: Uint8Array): Result<string | undefined, string>;
}

/** Keys whose values "MUST NOT contain escape sequences" get their raw text split on commas. */
function plainItems(name: string, raw: string): Result<string[], string> {
  if (raw === '') return err(`${name} needs a value`);
  if (raw.includes('\\')) return err(`${name} value must not contain escape sequences`);
  const items = raw.split(',');
  if (items.includes('')) return err(`${name} has an empty item in ${show(raw)}`);
  return ok(items);
}

/** RFC 9460 Appendix A.2: split on commas; `\,` and `\\` stand for a comma and a backslash. */
function valueList(name: string, value: Uint8Array): Result<Uint8Array[], string> {
  if (value.length === 0) return err(`${name} needs a value`);
  const items: Uint8Array[] = [];
  let item: number[] = [];
  for (let i = 0; i <= value.length; i++) {
    const b = value[i];
    if (b === undefined || b === COMMA) {
      if (item.length === 0) return err(`${name} has an empty item`);
      items.push(Uint8Array.from(item));
      item = [];
    } else if (b === BACKSLASH) {
      const next = value[++i];
      if (next !== COMMA && next !== BACKSLASH)
        return err(`${name}: a backslash in a list item must escape "," or "\\"`);
      item.push(next);
    } else {
      item.push(b);
    }
  }
  return ok(items);
}

function escapeListItem(item: Uint8Array): number[] {
  const out: number[] = [];
  for (const b of item) {
    if (b === COMMA || b === BACKSLASH) out.push(BACKSLASH);
    out.push(b);
  }
  return out;
}

/** Keys whose value MUST be empty (no-default-alpn, ohttp). */
function emptyKey(name: string): KeySpec {
  return {
    parse: (raw) => (raw === '' ? ok(new Uint8Array(0)) : err(`${name} must not have a value`)),
    format: (wire) => (wire.length === 0 ? ok(undefined) : err(`${name} value is not empty`)),
  };
}

function addressHints(name: string, size: 4 | 16): KeySpec {
  const parse = size === 4 ? parseIPv4 : parseIPv6;
  const format = size === 4 ? formatIPv4 : formatIPv6;
  return {
    parse(raw) {
      const items = plainItems(name, raw);
      if (!items.ok) return items;
      const out = new ByteWriter();
      for (const item of items.value) {
        const address = parse(item);
        if (!address.ok) return err(`${name}: ${address.error}`);
        out.bytes(address.value);
      }
      return ok(out.finish());
    },
    format(wire) {
      if (wire.length === 0 || wire.length % size !== 0)
        return err(`${name} length ${wire.length} is not n × ${size}`);
      const out: string[] = [];
      for (let i = 0; i < wire.length; i += size) out.push(format(wire.subarray(i, i + size)));
      return ok(out.join(','));
    },
  };
}

const SPECS: ReadonlyMap<number, KeySpec> = new Map<number, KeySpec>([
  [
    SVC_PARAM_KEY.mandatory,
    {
      parse(raw) {
        const items = plainItems('mandatory', raw);
        if (!items.ok) return items;
        const keys: number[] = [];
        for (const item of items.value) {
          const key = keyFromName(item);
          if (!key.ok) return err(`mandatory: ${key.error}`);
          if (key.value === SVC_PARAM_KEY.mandatory) return err('mandatory must not list "mandatory" itself');
          if (keys.includes(key.value)) return err(`mandatory lists ${keyToName(key.value)} more than once`);
          keys.push(key.value);
        }
        const out = new ByteWriter();
        for (const key of keys.sort((a, b) => a - b)) out.u16(key);
        return ok(out.finish());
      },
      format(wire) {
        if (wire.length === 0 || wire.length % 2 !== 0)
          return err(`mandatory length ${wire.length} is not n × 2`);
        const keys = mandatoryKeys(wire);
        for (let i = 0; i < keys.length; i++) {
          if (keys[i] === SVC_PARAM_KEY.mandatory) return err('mandatory lists "mandatory" itself');
          if (i > 0 && keys[i]! <= keys[i - 1]!)
            return err('mandatory keys are not in strictly increasing order');
        }
        return ok(keys.map(keyToName).join(','));
      },
    },
  ],
  [
    SVC_PARAM_KEY.alpn,
    {
      parse(_raw, value) {
        const items = valueList('alpn', value);
        if (!items.ok) return items;
        const out = new ByteWriter();
        for (const item of items.value) {
          if (item.length > 255) return err(`alpn protocol id is ${item.length} octets; at most 255`);
          out.charString(item);
        }
        return ok(out.finish());
      },
      format(wire) {
        if (wire.length === 0) return err('alpn value is empty');
        const list: number[] = [];
        for (let i = 0; i < wire.length; ) {
          const len = wire[i]!;
          if (len === 0 || i + 1 + len > wire.length)
            return err('alpn protocol ids do not exactly fill the value');
          if (list.length > 0) list.push(COMMA);
          list.push(...escapeListItem(wire.subarray(i + 1, i + 1 + len)));
          i += 1 + len;
        }
        return ok(quoteOctets(Uint8Array.from(list), true));
      },
    },
  ],
  [SVC_PARAM_KEY['no-default-alpn'], emptyKey('no-default-alpn')],
  [
    SVC_PARAM_KEY.port,
    {
      parse(raw) {
        if (raw.includes('\\')) return err('port value must not contain escape sequences');
        if (!/^\d{1,5}$/.test(raw) || Number(raw) > 0xffff)
          return err(`port must be a number 0–65535, got ${show(raw)}`);
        return ok(new ByteWriter().u16(Number(raw)).finish());
      },
      format: (wire) =>
        wire.length === 2
          ? ok(String((wire[0]! << 8) | wire[1]!))
          : err(`port length is ${wire.length}, not 2`),
    },
  ],
  [SVC_PARAM_KEY.ipv4hint, addressHints('ipv4hint', 4)],
  [
    SVC_PARAM_KEY.ech,
    {
      parse(raw) {
        if (raw === '') return err('ech needs a value');
        if (raw.includes('\\')) return err('ech value must not contain escape sequences');
        const bytes = decodeBase64(raw);
        return bytes.ok ? bytes : err(`ech: ${bytes.error}`);
      },
      format: (wire) => (wire.length > 0 ? ok(encodeBase64(wire)) : err('ech value is empty')),
    },
  ],
  [SVC_PARAM_KEY.ipv6hint, addressHints('ipv6hint', 16)],
  [
    SVC_PARAM_KEY.dohpath,
    {
      parse: (_raw, value) => (value.length > 0 ? ok(value) : err('dohpath needs a value')),
      format: (wire) => (wire.length > 0 ? ok(quoteOctets(wire, true)) : err('dohpath value is empty')),
    },
  ],
  [SVC_PARAM_KEY.ohttp, emptyKey('ohttp')],
]);

const BY_NAME: ReadonlyMap<string, number> = new Map(Object.entries(SVC_PARAM_KEY));
const BY_NUMBER: ReadonlyMap<number, string> = new Map(Object.entries(SVC_PARAM_KEY).map(([n, k]) => [k, n]));

/** A registered key name or `keyNNNNN` (no leading zeros) → number. */
export function keyFromName(text: string): Result<number, string> {
  const named = BY_NAME.get(text);
  if (named !== undefined) return ok(named);
  const m = /^key(0|[1-9]\d{0,4})$/.exec(text);
  if (!m) return err(`unknown SvcParamKey ${show(text)}`);
  const key = Number(m[1]);
  if (key > 0xffff) return err(`SvcParamKey ${text} is above 65535`);
  if (key === INVALID_KEY) return err('key65535 is reserved ("Invalid key")');
  return ok(key);
}

export function keyToName(key: number): string {
  return BY_NUMBER.get(key) ?? `key${key}`;
}

/** The keys listed in a (well-formed) mandatory value. */
export function mandatoryKeys(wire: Uint8Array): number[] {
  const keys: number[] = [];
  for (let i = 0; i + 1 < wire.length; i += 2) keys.push((wire[i]! << 8) | wire[i + 1]!);
  return keys;
}

/**
 * One SvcParam's presentation value → wire. `generic`: the key was written `keyNNNNN`, so the
 * decoded value is the wire form; for a registered key it must still be well-formed.
 */
export function parseParamValue(
  key: number,
  generic: boolean,
  raw: string,
  value: Uint8Array,
): Result<Uint8Array, string> {
  const spec = SPECS.get(key);
  if (spec === undefined) return ok(value);
  if (!generic) return spec.parse(raw, value);
  const valid = spec.format(value);
  return valid.ok ? ok(value) : err(`key${key} (${keyToName(key)}): ${valid.error}`);
}

/** One SvcParam in canonical presentation form (`alpn="h2,h3"`, `no-default-alpn`, `key667="x"`). */
export function formatParam(key: number, wire: Uint8Array): Result<string, string> {
  if (key === INVALID_KEY) return err('key65535 is reserved ("Invalid key")');
  const spec = SPECS.get(key);
  if (spec === undefined) return ok(wire.length === 0 ? `key${key}` : `key${key}=${quoteOctets(wire, true)}`);
  const value = spec.format(wire);
  if (!value.ok) return value;
  return ok(value.value === undefined ? keyToName(key) : `${keyToName(key)}=${value.value}`);
}
