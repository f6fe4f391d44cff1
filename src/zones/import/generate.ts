/**
 * BIND's `$GENERATE range owner [ttl] [class] type rdata` directive (BIND ARM, "The $GENERATE
 * Directive"): one record per value of an iterator.
 *
 * - range: `start-stop` or `start-stop/step`, 0 ≤ start ≤ stop ≤ 2^31-1, step ≥ 1.
 * - In the owner and the RDATA, `$` is the iterator; `${offset[,width[,base]]}` adds `offset`,
 *   pads to `width` and prints in base `d` (decimal), `o` (octal), `x`/`X` (hex) or `n`/`N` (nibble
 *   labels, least significant first: 0x1a2 → `2.a.1`; the width counts the dots as BIND does).
 *   `$$` and `\$` give a literal `$`; other backslash escapes are copied as written.
 * - As in BIND, when the RDATA is a single token (quoted or not) the expanded text is tokenized
 *   again, so `"10 mail$"` gives the two MX tokens `10` and `mailN`.
 */
import { type Token, tokensOf } from '../../dns/rdata';
import { err, ok, type Result } from '../../result';

export interface GenerateRange {
  readonly start: number;
  readonly stop: number;
  readonly step: number;
}

const MAX_ITERATOR = 2147483647;
/** A field wider than this is a typo, not a name. */
const MAX_WIDTH = 255;

export function parseRange(text: string): Result<GenerateRange, string> {
  const m = /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(text);
  if (!m) return err(`bad $GENERATE range "${text}" (expected start-stop or start-stop/step)`);
  const start = Number(m[1]);
  const stop = Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (stop > MAX_ITERATOR) return err(`$GENERATE range "${text}" goes above ${MAX_ITERATOR}`);
  if (start > stop) return err(`$GENERATE range "${text}" starts after it stops`);
  if (step < 1) return err(`$GENERATE step must be at least 1 in "${text}"`);
  return ok({ start, stop, step });
}

/** Number of iterations of a range. */
export function rangeSize(range: GenerateRange): number {
  return Math.floor((range.stop - range.start) / range.step) + 1;
}

function nibbles(value: number, width: number, upper: boolean): string {
  let out = '';
  let rest = value;
  let w = width;
  do {
    const digit = (rest % 16).toString(16);
    out += upper ? digit.toUpperCase() : digit;
    rest = Math.floor(rest / 16);
    if (w > 0) w--;
    if (w > 0 || rest !== 0) {
      out += '.';
      if (w > 0) w--;
    }
  } while (rest !== 0 || w !== 0);
  return out;
}

function formatIterator(value: number, width: number, base: string): string {
  switch (base) {
    case 'o':
      return value.toString(8).padStart(width, '0');
    case 'x':
      return value.toString(16).padStart(width, '0');
    case 'X':
      return value.toString(16).toUpperCase().padStart(width, '0');
    case 'n':
    case 'N':
      return nibbles(value, width, base === 'N');
    default:
      return value.toString(10).padStart(width, '0');
  }
}

/** Expands one `$GENERATE` template for iterator value `it`. */
export function expandTemplate(template: string, it: number): Result<string, string> {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '\\') {
      out += template.slice(i, i + 2);
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let offset = 0;
    let width = 0;
    let base = 'd';
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      if (close < 0) return err(`"\${" without "}" in "${template}"`);
      const modifier = template.slice(i + 2, close);
      const m = /^([+-]?\d+)(?:,(\d+)(?:,([doxXnN]))?)?$/.exec(modifier);
      if (!m)
        return err(
          `bad modifier "\${${modifier}}" (expected \${offset[,width[,base]]}, base d, o, x, X, n or N)`,
        );
      offset = Number(m[1]);
      width = m[2] === undefined ? 0 : Number(m[2]);
      base = m[3] ?? 'd';
      if (width > MAX_WIDTH) return err(`width ${width} in "\${${modifier}}" is above ${MAX_WIDTH}`);
      i = close;
    }
    const value = it + offset;
    if (value < 0 || value > MAX_ITERATOR) return err(`iterator ${it} with offset ${offset} is out of range`);
    out += formatIterator(value, width, base);
  }
  return ok(out);
}

/** The RDATA tokens of one iteration; see the module comment for the single-token rule. */
export function expandRdata(rdata: readonly Token[], it: number): Result<Token[], string> {
  const only = rdata.length === 1 ? rdata[0] : undefined;
  if (only !== undefined) {
    const text = expandTemplate(only.text, it);
    return text.ok ? tokensOf(text.value) : text;
  }
  const tokens: Token[] = [];
  for (const token of rdata) {
    const text = expandTemplate(token.text, it);
    if (!text.ok) return text;
    tokens.push({ text: text.value, quoted: token.quoted });
  }
  return ok(tokens);
}
