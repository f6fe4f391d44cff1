/**
 * A splitter for single-line presentation values (Route 53 values, API input, tests). The full
 * zone-file tokenizer with parentheses and comments lives in src/zones/.
 */
import { err, ok, type Result } from '../../result';

/** One presentation token: `text` has surrounding quotes removed but escapes NOT processed. */
export interface Token {
  readonly text: string;
  readonly quoted: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Index just past the quote closing the string whose opening quote is at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/**
 * Splits a single-line value on whitespace. A token starting with `"` is a quoted string (its text
 * is what lies between the quotes). Inside an unquoted token, `\` keeps the next character in the
 * token and a `"` opens a quoted section that may contain whitespace and is kept verbatim, so the
 * SVCB form `alpn="h2,h3"` stays one token (as BIND's lexer does). No comments or parentheses.
 */
export function tokensOf(text: string): Result<Token[], string> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end < 0) return err(`unterminated quoted string in ${JSON.stringify(text)}`);
      tokens.push({ text: text.slice(i + 1, end - 1), quoted: true });
      i = end;
      continue;
    }
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (isSpace(d)) break;
      if (d === BACKSLASH) {
        if (j + 1 >= text.length) return err(`dangling backslash at the end of ${JSON.stringify(text)}`);
        j += 2;
      } else if (d === QUOTE) {
        const end = closingQuote(text, j);
        if (end < 0) return err(`unterminated quoted string in ${JSON.stringify(text)}`);
        j = end;
      } else {
        j++;
      }
    }
    tokens.push({ text: text.slice(i, j), quoted: false });
    i = j;
  }
  return ok(tokens);
}
