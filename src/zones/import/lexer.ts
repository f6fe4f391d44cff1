/**
 * Zone-file tokenizer (RFC 1035 §5.1): splits master-file text into entries, one per logical line.
 *
 * - Whitespace separates tokens; `;` starts a comment that runs to the end of the line.
 * - Parentheses let an entry span lines; inside them a newline is whitespace.
 * - `"..."` is one token, whitespace, `;` and parentheses included. A backslash escapes the next
 *   character anywhere. Escapes are kept raw (`\"`, `\\`, `\DDD` stay as written): the RDATA and
 *   name parsers interpret them.
 * - A line that starts with a space or tab has a blank owner (it inherits the previous one).
 * - CR is whitespace, so CRLF files read like LF files.
 */
import type { Token } from '../../dns/rdata';

export interface Entry {
  /** 1-based line of the entry's first token. */
  readonly line: number;
  /** The entry's first line starts with a space or tab: the owner is the previous record's. */
  readonly blankOwner: boolean;
  readonly tokens: readonly Token[];
}

export type ReportProblem = (line: number, message: string) => void;

/** Longest physical line accepted, in characters. */
export const MAX_LINE_LENGTH = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const LPAREN = 0x28;
const RPAREN = 0x29;
const SEMICOLON = 0x3b;
const BACKSLASH = 0x5c;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/**
 * Reads a quoted string whose opening quote is at `open`. Returns the index of the closing quote,
 * or -1 when the line (or the text) ends first.
 */
function scanQuoted(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j;
    if (c === LF) return -1;
    if (c === BACKSLASH && j + 1 < text.length && text.charCodeAt(j + 1) !== LF) j++;
  }
  return -1;
}

function endsWord(c: number): boolean {
  return isBlank(c) || c === LF || c === SEMICOLON || c === LPAREN || c === RPAREN;
}

/**
 * Index just past the unquoted word starting at `start`, or -1 when a quoted section inside it is
 * not closed on its line. A `"` inside a word opens a section kept verbatim with the word, so the
 * SVCB form `alpn="h2,h3"` is one token, as BIND's lexer and dns/rdata tokensOf read it.
 */
function scanWord(text: string, start: number): number {
  let j = start;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) {
      j += j + 1 < text.length && text.charCodeAt(j + 1) !== LF ? 2 : 1;
    } else if (c === QUOTE) {
      const close = scanQuoted(text, j);
      if (close < 0) return -1;
      j = close + 1;
    } else if (endsWord(c)) {
      break;
    } else {
      j++;
    }
  }
  return j;
}

/**
 * Yields the entries of a zone file in order. Syntax errors go to `report` with their line; the
 * entry they occur in is dropped, and lexing carries on with the next entry.
 */
export function* lexZoneFile(text: string, report: ReportProblem): Generator<Entry> {
  let i = 0;
  let line = 1;
  let depth = 0;
  let openedAt = 0;
  let tokens: Token[] = [];
  let entryLine = 0;
  let blankOwner = false;
  let broken = false;
  let lineStart = true;

  const take = (): Entry | undefined => {
    const entry = tokens.length > 0 && !broken ? { line: entryLine, blankOwner, tokens } : undefined;
    tokens = [];
    broken = false;
    return entry;
  };
  const push = (token: Token): void => {
    if (tokens.length === 0) entryLine = line;
    tokens.push(token);
  };

  while (i < text.length) {
    if (lineStart) {
      lineStart = false;
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      if (end - i > MAX_LINE_LENGTH) {
        report(line, `line longer than ${MAX_LINE_LENGTH} characters`);
        broken = true;
        i = end;
        continue;
      }
      if (depth === 0) blankOwner = text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB;
    }
    const c = text.charCodeAt(i);
    if (c === LF) {
      if (depth === 0) {
        const entry = take();
        if (entry) yield entry;
      }
      line++;
      i++;
      lineStart = true;
    } else if (isBlank(c)) {
      i++;
    } else if (c === SEMICOLON) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === LPAREN) {
      if (depth === 0) openedAt = line;
      depth++;
      i++;
    } else if (c === RPAREN) {
      if (depth === 0) {
        report(line, '")" without a matching "("');
        broken = true;
      } else {
        depth--;
      }
      i++;
    } else {
      const quoted = c === QUOTE;
      const end = quoted ? scanQuoted(text, i) : scanWord(text, i);
      if (end < 0) {
        report(line, 'quoted string not closed on this line');
        broken = true;
        const eol = text.indexOf('\n', i);
        i = eol < 0 ? text.length : eol;
      } else if (quoted) {
        push({ text: text.slice(i + 1, end), quoted: true });
        i = end + 1;
      } else {
        push({ text: text.slice(i, end), quoted: false });
        i = end;
      }
    }
  }
  if (depth > 0) {
    report(openedAt, '"(" without a matching ")"');
    broken = true;
  }
  const last = take();
  if (last) yield last;
}
