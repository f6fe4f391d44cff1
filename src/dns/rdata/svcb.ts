/**
 * SVCB and HTTPS (RFC 9460 §2.1, §2.2): SvcPriority TargetName SvcParams. Params are sorted by key
 * in wire form; a key may appear once; AliasMode (priority 0) takes no params; the record must be
 * self-consistent (§2.4.3): every key listed in mandatory is present, no-default-alpn needs alpn.
 */
import { err, ok, type Result } from '../../result';
import { expectFields, parseNameField, parseU16 } from './fields';
import {
  formatParam,
  keyFromName,
  keyToName,
  mandatoryKeys,
  parseParamValue,
  SVC_PARAM_KEY,
} from './svcb-params';
import { decodeCharString, show } from './text';
import type { Token } from './tokens';
import { ByteReader, ByteWriter, type RdataCodec } from './wire';

interface Param {
  readonly key: number;
  readonly value: Uint8Array;
}

interface RawParam {
  readonly keyText: string;
  readonly raw: string;
  readonly quoted: boolean;
  /** Tokens used: 2 when the value came as a separate quoted token after `key=`. */
  readonly used: 1 | 2;
}

/** Splits `key`, `key=value`, `key="value"` (one token) or `key=` followed by a quoted token. */
function splitParam(token: Token, next: Token | undefined): Result<RawParam, string> {
  if (token.quoted) return err(`expected a SvcParam (key=value), got the quoted string ${show(token.text)}`);
  const text = token.text;
  const eq = text.indexOf('=');
  if (eq < 0) return ok({ keyText: text, raw: '', quoted: false, used: 1 });
  const keyText = text.slice(0, eq);
  const rest = text.slice(eq + 1);
  if (rest === '' && next?.quoted) return ok({ keyText, raw: next.text, quoted: true, used: 2 });
  if (!rest.startsWith('"')) return ok({ keyText, raw: rest, quoted: false, used: 1 });
  let close = -1;
  for (let i = 1; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') i++;
    else if (c === '"') {
      close = i;
      break;
    }
  }
  if (close !== rest.length - 1) return err(`SvcParam ${show(text)} has text around its quoted value`);
  return ok({ keyText, raw: rest.slice(1, -1), quoted: true, used: 1 });
}

function parseParams(type: string, tokens: readonly Token[]): Result<Param[], string> {
  const params: Param[] = [];
  for (let i = 0; i < tokens.length; ) {
    const split = splitParam(tokens[i]!, tokens[i + 1]);
    if (!split.ok) return err(`${type} ${split.error}`);
    const { keyText, raw, quoted, used } = split.value;
    i += used;
    const key = keyFromName(keyText);
    if (!key.ok) return err(`${type} ${key.error}`);
    if (params.some((p) => p.key === key.value)) {
      return err(`${type} SvcParamKey ${keyToName(key.value)} appears more than once`);
    }
    const value = decodeCharString(raw, quoted);
    if (!value.ok) return err(`${type} ${keyText}: ${value.error}`);
    const wire = parseParamValue(key.value, keyText.startsWith('key'), raw, value.value);
    if (!wire.ok) return err(`${type} ${wire.error}`);
    if (wire.value.length > 0xffff) return err(`${type} ${keyText} value is longer than 65535 octets`);
    params.push({ key: key.value, value: wire.value });
  }
  return ok(params.sort((a, b) => a.key - b.key));
}

/** Rules that involve more than one SvcParam; `params` sorted by key. */
function checkParams(type: string, priority: number, params: readonly Param[]): Result<undefined, string> {
  if (priority === 0 && params.length > 0) {
    return err(`${type} AliasMode (priority 0) must not have SvcParams`);
  }
  const has = (key: number) => params.some((p) => p.key === key);
  const mandatory = params.find((p) => p.key === SVC_PARAM_KEY.mandatory);
  for (const key of mandatory ? mandatoryKeys(mandatory.value) : []) {
    if (!has(key)) return err(`${type} mandatory lists ${keyToName(key)}, which the record does not have`);
  }
  if (has(SVC_PARAM_KEY['no-default-alpn']) && !has(SVC_PARAM_KEY.alpn)) {
    return err(`${type} no-default-alpn needs an alpn SvcParam too`);
  }
  return ok(undefined);
}

export function svcbCodec(type: 'SVCB' | 'HTTPS'): RdataCodec {
  return {
    parse(tokens: readonly Token[], origin: string | undefined) {
      const shape = expectFields(type, tokens, ['priority', 'target'], true);
      if (!shape.ok) return shape;
      const priority = parseU16(tokens[0], `${type} priority`);
      if (!priority.ok) return priority;
      const target = parseNameField(tokens[1], origin, `${type} target`);
      if (!target.ok) return target;
      const params = parseParams(type, tokens.slice(2));
      if (!params.ok) return params;
      const valid = checkParams(type, priority.value, params.value);
      if (!valid.ok) return valid;
      const out = new ByteWriter().u16(priority.value).name(target.value);
      for (const p of params.value) out.u16(p.key).u16(p.value.length).bytes(p.value);
      return ok(out.finish());
    },
    format(rdata: Uint8Array) {
      const r = new ByteReader(rdata);
      const priority = r.u16('priority');
      const target = r.name('target');
      const params: Param[] = [];
      while (r.remaining > 0) {
        const key = r.u16('SvcParamKey');
        const value = r.take(r.u16('SvcParam length'), 'SvcParamValue');
        if (r.failed) break;
        const last = params[params.length - 1];
        if (last !== undefined && key <= last.key)
          return err('SvcParamKeys are not in strictly increasing order');
        params.push({ key, value });
      }
      if (r.failed) return r.done('');
      const valid = checkParams(type, priority, params);
      if (!valid.ok) return valid;
      const fields = [String(priority), target];
      for (const p of params) {
        const text = formatParam(p.key, p.value);
        if (!text.ok) return text;
        fields.push(text.value);
      }
      return r.done(fields.join(' '));
    },
  };
}
