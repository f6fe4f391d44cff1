import { describe, expect, it } from 'vitest';
import { parentName, parentStart } from '../../src/dns/name';
import { findZone } from '../../src/zones/zone-index';
import { indexOf } from '../support/zones';

/** Every ancestor of `name` by parentName, and by parentStart's offsets. */
function ancestors(name: string): { byName: string[]; byOffset: string[] } {
  const byName: string[] = [];
  for (let at: string | null = name; at !== null; at = parentName(at)) byName.push(at);
  const byOffset: string[] = [];
  for (let at = 0; at >= 0; at = parentStart(name, at)) byOffset.push(name.slice(at));
  return { byName, byOffset };
}

const zone = (apex: string) =>
  `$ORIGIN ${apex}\n@ 300 SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 300 NS ns1\n`;

describe('parentStart', () => {
  it.each([
    '.',
    'com.',
    'www.example.com.',
    'a\\.b.example.com.', // an escaped dot is inside a label
    '\\046\\046.x.', // decimal escapes of '.'
    'a\\\\.b.', // an escaped backslash, then a real dot
    `${'l.'.repeat(127)}`, // 127 labels
  ])('walks the ancestors of %s exactly as parentName does', (name) => {
    const { byName, byOffset } = ancestors(name);
    expect(byOffset).toEqual(byName);
    expect(byOffset.at(-1)).toBe('.');
  });
});

describe('findZone', () => {
  const index = indexOf({
    'example.com.': zone('example.com.'),
    'sub.example.com.': zone('sub.example.com.'),
    'a\\.b.example.': zone('a\\.b.example.'),
    'exam.ple.': zone('exam.ple.'), // same length as other suffixes of the names asked below
  });
  it.each([
    ['example.com.', 'example.com.'],
    ['www.example.com.', 'example.com.'],
    ['sub.example.com.', 'sub.example.com.'],
    ['deep.www.sub.example.com.', 'sub.example.com.'],
    ['xsub.example.com.', 'example.com.'],
    ['x.a\\.b.example.', 'a\\.b.example.'],
    ['x.b.example.', null],
    ['www.example.net.', null],
    ['ple.', null],
    ['.', null],
  ])('%s is in %s', (name, apex) => {
    expect(findZone(index, name)?.name ?? null).toBe(apex);
  });

  it('finds the root zone when it is hosted', () => {
    const withRoot = indexOf({ '.': zone('.'), 'example.com.': zone('example.com.') });
    expect(findZone(withRoot, 'www.example.net.')?.name).toBe('.');
    expect(findZone(withRoot, 'www.example.com.')?.name).toBe('example.com.');
  });
});
