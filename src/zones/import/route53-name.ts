/**
 * Names in Route 53's JSON. Route 53 writes `\` + three *octal* digits for every byte outside
 * a–z, 0–9, `-` and `_` (`\052` is `*`), unlike RFC 1035's decimal `\DDD`; trailing dots are
 * optional on input (Route 53 Developer Guide, "DNS domain name format"). The exporter writes
 * them back with formatRoute53Name (export/route53.ts).
 */
import { parseAbsoluteName } from '../../dns/name';
import type { Result } from '../../result';

/** Route 53 spelling (octal escapes, trailing dot optional) → canonical name. */
export function parseRoute53Name(text: string): Result<string, string> {
  let presentation = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') {
      presentation += c;
      continue;
    }
    const digits = text.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(digits)) {
      presentation += '\\' + String(Number.parseInt(digits, 8)).padStart(3, '0');
      i += 3;
    } else {
      presentation += text.slice(i, i + 2);
      i++;
    }
  }
  return parseAbsoluteName(presentation);
}
