/**
 * Compression pointers (RFC 1035 §4.1.4) and the decode-work bound (issue 9): at most 127 pointer
 * hops per name, pointers only backwards and never into the header, a step budget shared by every
 * name of a message; queries skip the names of records they ignore (docs/doh-protocol.md §9).
 */
import { describe, expect, it } from 'vitest';
import { decodeQuery } from '../../src/dns/codec/decode';
import { decodeReply } from '../../src/dns/codec/decode-reply';
import { MAX_POINTER_HOPS, messageNameBudget, nameFromWire } from '../../src/dns/wire-name';
import { compressionBomb, pointerChain } from '../support/compression-bomb';
import { queryBytes } from '../support/dns';

const header = (counts: number[] = [0, 0, 0, 0], flags = 0x0100) =>
  Uint8Array.from([0, 0, flags >> 8, flags & 0xff, ...counts.flatMap((c) => [c >> 8, c & 0xff])]);

describe('pointer hops per name', () => {
  it(`${MAX_POINTER_HOPS} hops decode; ${MAX_POINTER_HOPS + 1} are refused`, () => {
    expect(MAX_POINTER_HOPS).toBe(127);
    const fine = pointerChain(127);
    expect(nameFromWire(fine.bytes, fine.offset, true, messageNameBudget(fine.bytes.length))).toEqual({
      ok: true,
      value: { name: 'a.', end: fine.offset + 2 },
    });
    const over = pointerChain(128);
    expect(nameFromWire(over.bytes, over.offset, true, messageNameBudget(over.bytes.length))).toEqual({
      ok: false,
      error: 'more than 127 compression pointers in one name',
    });
  });

  it('an 8,000-pointer chain stops at hop 128', () => {
    const chain = pointerChain(8000);
    const budget = messageNameBudget(chain.bytes.length);
    expect(nameFromWire(chain.bytes, chain.offset, true, budget).ok).toBe(false);
    expect(budget.steps).toBe(MAX_POINTER_HOPS + 1);
  });
});

describe('pointer targets', () => {
  // Header, then at 12: `a` + pointer; the pointer's target varies.
  const withPointer = (target: number) =>
    Uint8Array.from([...header(), 1, 0x61, 0xc0 | (target >> 8), target & 0xff]);
  it.each([
    ['a loop onto itself', 14, 'compression pointer does not point backwards'],
    ['into its own name', 12, 'compression pointer does not point backwards'],
    ['forwards', 16, 'compression pointer does not point backwards'],
    ['into the header', 4, 'compression pointer into the header'],
    ['to offset 0', 0, 'compression pointer into the header'],
  ])('%s → refused', (_, target, error) => {
    const bytes = withPointer(target);
    expect(nameFromWire(bytes, 12, true, messageNameBudget(bytes.length))).toEqual({ ok: false, error });
  });

  it('a two-pointer loop (backwards, then forwards) is refused', () => {
    // 12: `a` 0; 15: pointer → 17; 17: pointer → 15. Reading at 17 goes back to 15, then forwards.
    const bytes = Uint8Array.from([...header(), 1, 0x61, 0, 0xc0, 17, 0xc0, 15]);
    expect(nameFromWire(bytes, 17, true, messageNameBudget(bytes.length))).toEqual({
      ok: false,
      error: 'compression pointer does not point backwards',
    });
  });
});

/** Bytes from hex text; spaces are ignored. */
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text.replaceAll(' ', ''), 'hex'));

/** A reply: `www.example.com` A (or `question`), then `records` (hex) as `ancount` answers. */
function replyWith(
  ancount: number,
  records: string,
  question = '03777777076578616d706c6503636f6d00 0001 0001',
) {
  return fromHex(`0000 8180 0001 ${ancount.toString(16).padStart(4, '0')} 0000 0000 ${question} ${records}`);
}

describe('decode work per message: a memo of names read, and a step budget', () => {
  it('the budget is stated per octet and bounded for the largest message', () => {
    const budget = messageNameBudget(65_535);
    expect(budget).toMatchObject({ steps: 0, limit: 131_070, firstTarget: 12 });
  });

  it("the audit's reply (8,000-pointer chain, 4,000 owners) is refused at the first owner", () => {
    const bomb = compressionBomb({ chain: 8000, owners: 4000, response: true });
    const budget = messageNameBudget(bomb.length);
    expect(decodeReply(bomb, budget)).toEqual({
      ok: false,
      error: 'record owner: more than 127 compression pointers in one name',
    });
    // Question 3 labels, the chain's owner 1 pointer (to the question, remembered), then 128 hops.
    expect(budget.steps).toBe(3 + 1 + 128);
  });

  it('5,400 owners 127 hops deep: the chain is walked once, every later owner costs one step', () => {
    const bomb = compressionBomb({ chain: 126, response: true });
    expect(bomb.length).toBeGreaterThan(65_000);
    const budget = messageNameBudget(bomb.length);
    const reply = decodeReply(bomb, budget);
    if (!reply.ok) throw new Error(reply.error);
    const owners = reply.value.answer.length - 1;
    expect(owners).toBeGreaterThan(5000);
    expect(new Set(reply.value.answer.map((r) => r.name))).toEqual(new Set(['www.example.com.']));
    expect(budget.steps).toBe(3 + 1 + 127 + (owners - 1));
  });

  it('5,400 owners pointing at a 127-label name: the labels are read once', () => {
    const deep = `${'0161'.repeat(127)}00 0001 0001`;
    const owners = 5000;
    const reply = replyWith(owners, 'c00c 0001 0001 00000000 0000 '.repeat(owners), deep);
    const budget = messageNameBudget(reply.length);
    const decoded = decodeReply(reply, budget);
    expect(decoded.ok && decoded.value.answer.at(-1)?.name).toBe('a.'.repeat(127));
    expect(budget.steps).toBe(127 + owners);
  });

  it('without the memo, the budget stops the same reply at its limit', () => {
    const bomb = compressionBomb({ chain: 126, response: true });
    const budget = { ...messageNameBudget(bomb.length), memo: null };
    expect(decodeReply(bomb, budget)).toEqual({
      ok: false,
      error: `record owner: names need more than ${budget.limit} decoding steps`,
    });
    expect(budget.steps).toBe(budget.limit + 1);
  });

  it('a smaller budget is enforced across names: the first step past it fails', () => {
    const bomb = compressionBomb({ chain: 126, response: true });
    const budget = { ...messageNameBudget(bomb.length), limit: 200 };
    expect(decodeReply(bomb, budget)).toEqual({
      ok: false,
      error: 'record owner: names need more than 200 decoding steps',
    });
    expect(budget.steps).toBe(201);
  });

  it('a full-size reply with ordinary compression costs one step per owner after the question', () => {
    const records = Array.from(
      { length: 3000 },
      (_, i) => `c00c 0001 0001 0000003c 0004 0a00${i.toString(16).padStart(4, '0')}`,
    );
    const budget = messageNameBudget(65_535);
    const reply = decodeReply(replyWith(3000, records.join('')), budget);
    expect(reply.ok && reply.value.answer.length).toBe(3000);
    expect(budget.steps).toBe(3 + 3000);
  });

  it('a walk that runs in place into a name already read reuses it: a run of labels costs each label once', () => {
    // Opaque RDATA holding 120 one-octet labels and a root (at 45 + 2i), then 120 owners pointing
    // at them from the last label back to the first: owner k reads one label, then meets label
    // k - 1's suffix in place. Re-reading in place would cost 7,260 label steps.
    const run = `${'0161'.repeat(120)}00`;
    const owners = Array.from(
      { length: 120 },
      (_, k) => `${(0xc000 + 45 + 2 * (119 - k)).toString(16)} 000a 0001 00000000 0000`,
    );
    const reply = replyWith(121, `c00c ff00 0001 00000000 00f1 ${run} ${owners.join('')}`);
    const budget = messageNameBudget(reply.length);
    const decoded = decodeReply(reply, budget);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.value.answer.at(-1)?.name).toBe('a.'.repeat(120));
    // Question 3 labels, the run's owner 1 pointer, then 1 pointer + 1 label per owner.
    expect(budget.steps).toBe(3 + 1 + 120 * 2);
  });

  it('owners each pointing at the owner before: remembered hops count, owner 128 is refused', () => {
    // The first owner points at the question (offset 12); owner k at owner k - 1 (offset 33 + 12k),
    // so owner k's name is k pointers deep, however few of them are read again.
    const owners = Array.from(
      { length: 1000 },
      (_, k) => `${(0xc000 + (k === 0 ? 12 : 33 + 12 * (k - 1))).toString(16)} 000a 0001 00000000 0000`,
    );
    const reply = replyWith(1000, owners.join(''));
    const budget = messageNameBudget(reply.length);
    expect(decodeReply(reply, budget)).toEqual({
      ok: false,
      error: `record owner: ${'more than 127 compression pointers in one name'}`,
    });
    // 127 owners decoded, at most 2 steps each, then the 128th.
    expect(budget.steps).toBeLessThanOrEqual(3 + 2 * 128);
    expect(decodeReply(replyWith(127, owners.slice(0, 127).join(''))).ok).toBe(true);
  });

  it('remembered names keep their case mode and suffixes: owners lowercased, RDATA names as sent', () => {
    // Question WwW.ExAmple.com A; a CNAME owned by the question pointing at it; an A owned by a
    // pointer to `ExAmple.com` (offset 16) and a CNAME whose RDATA is `mail` + pointer to offset 16.
    const question = '03577757074578416d706c6503636f6d00 0001 0001';
    const records =
      'c00c 0005 0001 0000003c 0002 c00c' +
      'c010 0001 0001 0000003c 0004 c0000201' +
      'c00c 0005 0001 0000003c 0007 046d61696cc010';
    const reply = decodeReply(replyWith(3, records, question));
    if (!reply.ok) throw new Error(reply.error);
    const [cname, a, mail] = reply.value.answer;
    expect([cname?.name, a?.name, mail?.name]).toEqual([
      'www.example.com.',
      'example.com.',
      'www.example.com.',
    ]);
    expect(Buffer.from(cname!.rdata).toString('hex')).toBe('03577757074578416d706c6503636f6d00');
    expect(Buffer.from(mail!.rdata).toString('hex')).toBe('046d61696c074578416d706c6503636f6d00');
  });
});

describe('queries: records in Answer/Authority (and Additional other than OPT) are skipped in place', () => {
  it.each([0, 1, 2] as const)(
    "the audit's query (section %i) decodes without following a pointer",
    (section) => {
      const bomb = compressionBomb({ chain: 8000, owners: 4000, section });
      const budget = messageNameBudget(bomb.length);
      const q = decodeQuery(bomb, budget);
      expect(q.ok && q.value.question?.name).toBe('www.example.com.');
      expect(q.ok && q.value.edns).toBe(null);
      // 3 question labels + one in-place pointer per owner; the chain itself is opaque RDATA.
      expect(budget.steps).toBe(3 + 4001);
    },
  );

  it('an OPT after skipped records is still read (ECS, padding)', () => {
    const q = queryBytes('www.example.com', 'A', {
      edns: {
        options: [
          { code: 8, data: Buffer.from([0, 1, 24, 0, 198, 51, 100]) },
          { code: 12, data: Buffer.alloc(8) },
        ],
      },
    });
    // Insert an answer record owned by a pointer to the question, and an additional A before OPT.
    const record = [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1];
    const questionEnd = 12 + 17 + 4;
    const bytes = Uint8Array.from([
      ...q.subarray(0, 6),
      0,
      1,
      0,
      0,
      0,
      2,
      ...q.subarray(12, questionEnd),
      ...record,
      ...record,
      ...q.subarray(questionEnd),
    ]);
    const decoded = decodeQuery(bytes);
    expect(decoded.ok && decoded.value.edns?.options.map((o) => o.code)).toEqual([8, 12]);
  });

  it.each([
    ['a forward pointer', [0xc0, 0x7f]],
    ['a pointer into the header', [0xc0, 2]],
    ['an unknown label type', [0x41, 0]],
  ])('an ignored record owned by %s is still malformed', (_, owner) => {
    const q = queryBytes('www.example.com', 'A');
    const bytes = Uint8Array.from([
      ...q.subarray(0, 6),
      0,
      1,
      ...q.subarray(8),
      ...owner,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(decodeQuery(bytes).ok).toBe(false);
  });

  it('an ignored record whose owner is a pointer cut off by the end of the message is malformed', () => {
    const q = queryBytes('www.example.com', 'A');
    expect(decodeQuery(Uint8Array.from([...q.subarray(0, 6), 0, 1, ...q.subarray(8), 0xc0])).ok).toBe(false);
  });
});
