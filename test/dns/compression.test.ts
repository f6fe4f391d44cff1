/**
 * Compression pointers (RFC 1035 §4.1.4) and the decode-work bound (issue 9): at most 127 pointer
 * hops per name, pointers only backwards and never into the header, a step budget shared by every
 * name of a message; queries skip the names of records they ignore (doh-protocol.md §9).
 */
import { describe, expect, it } from 'vitest';
import { decodeQuery } from '../../src/dns/codec/decode';
import { decodeReply } from '../../src/dns/codec/decode-reply';
import { MAX_POINTER_HOPS, messageNameBudget, nameFromWire } from '../../src/dns/name';
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

describe('decode budget per message', () => {
  it('is stated per octet and bounded for the largest message', () => {
    const budget = messageNameBudget(65_535);
    expect(budget.steps).toBe(0);
    expect(budget.limit).toBeLessThanOrEqual(4 * 65_535);
  });

  it('a reply whose names each take 127 hops runs out of budget, having spent at most the limit', () => {
    // 126-pointer chain: each owner costs 127 hops + 3 labels, 5,400 owners fill 65,535 octets.
    const bomb = compressionBomb({ chain: 126, response: true });
    expect(bomb.length).toBeGreaterThan(65_000);
    const budget = messageNameBudget(bomb.length);
    const reply = decodeReply(bomb, budget);
    expect(reply).toEqual({
      ok: false,
      error: expect.stringMatching(/^record owner: names need more than \d+ decoding steps$/),
    });
    expect(budget.steps).toBe(budget.limit + 1);
  });

  it('the same reply with 5 owners decodes: 127 hops are within the cap, 657 steps within the budget', () => {
    const bomb = compressionBomb({ chain: 126, owners: 5, response: true });
    const budget = messageNameBudget(bomb.length);
    const reply = decodeReply(bomb, budget);
    expect(reply.ok && reply.value.answer.length).toBe(6);
    // Question 3 labels; the chain's record 1 hop + 3; each owner 127 hops + 3 labels.
    expect(budget.steps).toBe(3 + 4 + 5 * 130);
  });

  it("the audit's reply (8,000-pointer chain, 4,000 owners) is refused at the first owner", () => {
    const bomb = compressionBomb({ chain: 8000, owners: 4000, response: true });
    const budget = messageNameBudget(bomb.length);
    expect(decodeReply(bomb, budget)).toEqual({
      ok: false,
      error: 'record owner: more than 127 compression pointers in one name',
    });
    expect(budget.steps).toBeLessThan(300);
  });

  it('a full-size reply with ordinary compression decodes within the budget', () => {
    // 3,000 A records owned by a pointer to the question name: 1 hop + 3 labels each.
    const q = queryBytes('www.example.com', 'A');
    const records = Array.from({ length: 3000 }, (_, i) => [
      0xc0,
      12,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      4,
      10,
      0,
      i >> 8,
      i & 0xff,
    ]);
    const bytes = Uint8Array.from([
      ...q.subarray(0, 2),
      0x81,
      0x80,
      0,
      1,
      3000 >> 8,
      3000 & 0xff,
      0,
      0,
      0,
      0,
      ...q.subarray(12),
      ...records.flat(),
    ]);
    const budget = messageNameBudget(bytes.length);
    const reply = decodeReply(bytes, budget);
    expect(reply.ok && reply.value.answer.length).toBe(3000);
    expect(budget.steps).toBe(3 + 3000 * 4);
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
