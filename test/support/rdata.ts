/** Table runners for the RDATA tests: presentation → wire hex → canonical text, and error rows. */
import { Buffer } from 'node:buffer';
import packet from 'dns-packet';
import { expect, it } from 'vitest';
import { typeFromString } from '../../src/dns/constants';
import { formatRdata, parseRdata, tokensOf } from '../../src/dns/rdata';
import type { Result } from '../../src/result';

export interface Row {
  readonly type: string;
  readonly text: string;
  readonly canonical: string;
  /** Expected wire RDATA in hex (spaces ignored). */
  readonly wire?: string;
  readonly origin?: string;
  /** dns-packet `data` for the same record: its encoding must equal ours (independent check). */
  readonly packet?: unknown;
  /** dns-packet type with the same RDATA layout, when it lacks ours (CDS → DS, SPF → TXT). */
  readonly packetType?: string;
  readonly note?: string;
}

export interface ErrorRow {
  readonly type: string;
  readonly text: string;
  /** A fragment of the reason. */
  readonly error: string;
  readonly origin?: string;
  readonly note?: string;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function bytes(hexText: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hexText.replaceAll(' ', ''), 'hex'));
}

export function typeNumber(type: string): number {
  const n = typeFromString(type);
  if (n === undefined) throw new Error(`unknown type ${type}`);
  return n;
}

export function parseText(type: string, text: string, origin?: string): Result<Uint8Array, string> {
  const tokens = tokensOf(text);
  return tokens.ok ? parseRdata(typeNumber(type), tokens.value, origin) : tokens;
}

function mustParse(type: string, text: string, origin?: string): Uint8Array {
  const wire = parseText(type, text, origin);
  if (!wire.ok) throw new Error(`${type} ${text}: ${wire.error}`);
  return wire.value;
}

/** RDATA of one record as encoded by dns-packet (no name compression: the owner is the root). */
export function packetRdata(type: string, data: unknown): Uint8Array {
  const answer = { type, name: '.', class: 'IN', ttl: 0, data } as unknown as packet.Answer;
  const message = packet.encode({ type: 'response', id: 0, flags: 0, answers: [answer] });
  // 12 header + 1 root name + type, class, ttl, rdlength (10).
  return Uint8Array.from(message.subarray(23));
}

const title = (row: { type: string; text: string; note?: string }) =>
  `${row.type} ${row.text}${row.note ? ` (${row.note})` : ''}`;

export function checkRows(rows: readonly Row[]): void {
  for (const row of rows) {
    it(title(row), () => {
      const wire = mustParse(row.type, row.text, row.origin);
      if (row.wire !== undefined) expect(hex(wire)).toBe(row.wire.replaceAll(' ', ''));
      if (row.packet !== undefined) {
        expect(hex(wire)).toBe(hex(packetRdata(row.packetType ?? row.type, row.packet)));
      }
      const text = formatRdata(typeNumber(row.type), wire);
      expect(text).toBe(row.canonical);
      // The canonical text is the one spelling: it parses back to the same bytes.
      expect(hex(mustParse(row.type, text))).toBe(hex(wire));
    });
  }
}

export function checkErrors(rows: readonly ErrorRow[]): void {
  for (const row of rows) {
    it(`rejects ${title(row)}`, () => {
      const wire = parseText(row.type, row.text, row.origin);
      expect(wire.ok).toBe(false);
      if (!wire.ok) {
        expect(wire.error).toContain(row.error);
        expect(wire.error).not.toContain('\n');
      }
    });
  }
}
