// biome-ignore-all lint/suspicious/noTemplateCurlyInString: BIND $GENERATE modifiers are written ${offset,width,base}
import { describe, expect, it } from 'vitest';
import { expandRdata, expandTemplate, parseRange, rangeSize } from '../../src/zones/import/generate';

describe('$GENERATE templates (BIND)', () => {
  const cases: [template: string, it: number, want: string][] = [
    ['$', 7, '7'],
    ['host-$', 7, 'host-7'],
    ['$.64/26', 65, '65.64/26'],
    ['${0,3}', 7, '007'],
    ['${-20,3,d}', 25, '005'],
    ['${10}', 5, '15'],
    ['${+10}', 5, '15'],
    ['${0,4,x}', 255, '00ff'],
    ['${0,2,X}', 255, 'FF'],
    ['${0,0,o}', 8, '10'],
    ['${0,0,n}', 0x1a2, '2.a.1'],
    ['${0,0,N}', 0x1a2, '2.A.1'],
    ['${0,7,n}', 0x12, '2.1.0.0'],
    ['${0,8,n}', 0x12, '2.1.0.0.'],
    ['$$', 3, '$'],
    ['a$$b$', 3, 'a$b3'],
    ['\\$', 3, '\\$'],
    ['a\\.b$', 3, 'a\\.b3'],
    ['$-$', 4, '4-4'],
  ];
  for (const [template, iterator, want] of cases) {
    it(`${template} at ${iterator} → ${want}`, () => {
      expect(expandTemplate(template, iterator)).toEqual({ ok: true, value: want });
    });
  }

  const bad: [string, number][] = [
    ['${1', 1],
    ['${a}', 1],
    ['${0,1,q}', 1],
    ['${-5}', 1],
    ['${0,999}', 1],
  ];
  for (const [template, iterator] of bad) {
    it(`rejects ${template}`, () => expect(expandTemplate(template, iterator).ok).toBe(false));
  }

  it('parses ranges', () => {
    expect(parseRange('1-10')).toEqual({ ok: true, value: { start: 1, stop: 10, step: 1 } });
    expect(parseRange('0-100/25')).toEqual({ ok: true, value: { start: 0, stop: 100, step: 25 } });
    expect(rangeSize({ start: 0, stop: 100, step: 25 })).toBe(5);
    expect(rangeSize({ start: 1, stop: 10, step: 4 })).toBe(3);
    for (const bad of ['10-1', '1-2/0', 'a-b', '1', '-1-5', '0-2147483648']) {
      expect(parseRange(bad).ok, bad).toBe(false);
    }
  });

  it('re-tokenizes a single RDATA token, as BIND does', () => {
    expect(expandRdata([{ text: '10 mail$', quoted: true }], 2)).toEqual({
      ok: true,
      value: [
        { text: '10', quoted: false },
        { text: 'mail2', quoted: false },
      ],
    });
    expect(
      expandRdata(
        [
          { text: '10', quoted: false },
          { text: 'mx$', quoted: false },
        ],
        4,
      ),
    ).toEqual({
      ok: true,
      value: [
        { text: '10', quoted: false },
        { text: 'mx4', quoted: false },
      ],
    });
  });
});
