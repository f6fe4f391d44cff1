import { describe, expect, it } from 'vitest';
import { type Entry, lexZoneFile, MAX_LINE_LENGTH } from '../../src/zones/import/lexer';

function lex(text: string): { entries: Entry[]; problems: string[] } {
  const problems: string[] = [];
  const entries = [...lexZoneFile(text, (line, message) => problems.push(`line ${line}: ${message}`))];
  return { entries, problems };
}

/** Entries as `line|blank|tok tok "quoted"` strings, for compact expectations. */
function shape(text: string): string[] {
  return lex(text).entries.map(
    (e) =>
      `${e.line}|${e.blankOwner ? 'blank' : 'owner'}|` +
      e.tokens.map((t) => (t.quoted ? `"${t.text}"` : t.text)).join(' '),
  );
}

describe('zone-file lexer (RFC 1035 §5.1)', () => {
  const cases: { name: string; text: string; want: string[] }[] = [
    { name: 'one record', text: 'www IN A 192.0.2.1\n', want: ['1|owner|www IN A 192.0.2.1'] },
    { name: 'no final newline', text: 'www A 192.0.2.1', want: ['1|owner|www A 192.0.2.1'] },
    {
      name: 'tabs and runs of spaces',
      text: 'www\t\t300  IN\tA 192.0.2.1',
      want: ['1|owner|www 300 IN A 192.0.2.1'],
    },
    { name: 'comment after a record', text: 'www A 192.0.2.1 ; web\n', want: ['1|owner|www A 192.0.2.1'] },
    {
      name: 'comment-only and blank lines skipped',
      text: '; hello\n\n   \nwww A 192.0.2.1',
      want: ['4|owner|www A 192.0.2.1'],
    },
    {
      name: 'blank owner',
      text: 'www A 192.0.2.1\n  AAAA ::1\n',
      want: ['1|owner|www A 192.0.2.1', '2|blank|AAAA ::1'],
    },
    { name: 'tab-indented blank owner', text: '\tA 192.0.2.1', want: ['1|blank|A 192.0.2.1'] },
    {
      name: 'parentheses span lines, comments inside',
      text: '@ SOA ns hm (\n  1 ; serial\n  7200 ; refresh\n  900 1209600 300 )\nwww A 192.0.2.1',
      want: ['1|owner|@ SOA ns hm 1 7200 900 1209600 300', '5|owner|www A 192.0.2.1'],
    },
    {
      name: 'indented line inside parentheses is not a blank owner',
      text: 'a TXT (\n  "x" )',
      want: ['1|owner|a TXT "x"'],
    },
    {
      name: 'quoted string keeps spaces, ; and ()',
      text: 'a TXT "v=spf1 ; (x) -all"',
      want: ['1|owner|a TXT "v=spf1 ; (x) -all"'],
    },
    {
      name: 'escaped quote and backslash kept raw',
      text: 'a TXT "say \\"hi\\" \\\\ \\065"',
      want: ['1|owner|a TXT "say \\"hi\\" \\\\ \\065"'],
    },
    { name: 'several strings', text: 'a TXT "one" "two"three', want: ['1|owner|a TXT "one" "two" three'] },
    { name: 'empty quoted string', text: 'a TXT ""', want: ['1|owner|a TXT ""'] },
    {
      name: 'escaped space and semicolon in a word',
      text: 'a\\ b TXT x\\;y',
      want: ['1|owner|a\\ b TXT x\\;y'],
    },
    { name: 'escaped parenthesis is a character', text: 'a TXT \\(x\\)', want: ['1|owner|a TXT \\(x\\)'] },
    {
      name: 'quoted section inside a word (SVCB)',
      text: 'a HTTPS 1 . alpn="h2,h3" port=443',
      want: ['1|owner|a HTTPS 1 . alpn="h2,h3" port=443'],
    },
    {
      name: 'CRLF line endings',
      text: 'a A 192.0.2.1\r\n  A 192.0.2.2\r\n',
      want: ['1|owner|a A 192.0.2.1', '2|blank|A 192.0.2.2'],
    },
    {
      name: 'directive',
      text: '$TTL 1h\n$ORIGIN example.com.',
      want: ['1|owner|$TTL 1h', '2|owner|$ORIGIN example.com.'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(lex(c.text).problems).toEqual([]);
      expect(shape(c.text)).toEqual(c.want);
    });
  }

  const errors: { name: string; text: string; want: string[]; entries: number }[] = [
    {
      name: 'unclosed quote',
      text: 'a TXT "open\nb A 192.0.2.1',
      want: ['line 1: quoted string not closed on this line'],
      entries: 1,
    },
    {
      name: 'unclosed quote inside a word',
      text: 'a HTTPS 1 . alpn="h2\nb A 192.0.2.1',
      want: ['line 1: quoted string not closed on this line'],
      entries: 1,
    },
    {
      name: 'stray ")"',
      text: 'ok A 192.0.2.1\na A 192.0.2.1 )',
      want: ['line 2: ")" without a matching "("'],
      entries: 1,
    },
    {
      name: 'unclosed "("',
      text: 'a A 192.0.2.1\nb SOA ( 1 2\n 3',
      want: ['line 2: "(" without a matching ")"'],
      entries: 1,
    },
  ];
  for (const c of errors) {
    it(`reports ${c.name} with its line and drops only that entry`, () => {
      const got = lex(c.text);
      expect(got.problems).toEqual(c.want);
      expect(got.entries).toHaveLength(c.entries);
    });
  }

  it('refuses lines over 64 KiB', () => {
    const got = lex(`a A 192.0.2.1\nb TXT "${'x'.repeat(MAX_LINE_LENGTH)}"\nc A 192.0.2.3`);
    expect(got.problems).toEqual([`line 2: line longer than ${MAX_LINE_LENGTH} characters`]);
    expect(got.entries.map((e) => e.tokens[0]?.text)).toEqual(['a', 'c']);
  });
});
