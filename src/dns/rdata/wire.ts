/** Byte building and reading for RDATA, plus the interface every type's codec implements. */
import { err, ok, type Result } from '../../result';
import { nameToWire, ROOT } from '../name';
import { nameFromWire } from '../wire-name';
import type { Token } from './tokens';

/** Presentation ⇄ wire for one RR type. Neither function throws. */
export interface RdataCodec {
  /** Tokens after the type → uncompressed wire RDATA, or a one-line reason. */
  parse(tokens: readonly Token[], origin: string | undefined): Result<Uint8Array, string>;
  /** Wire RDATA → canonical presentation, or why it does not decode for this type. */
  format(rdata: Uint8Array): Result<string, string>;
}

/** A growable byte buffer. */
export class ByteWriter {
  private buf = new Uint8Array(128);
  private length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): this {
    this.reserve(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }

  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** A canonical name, uncompressed. */
  name(canonical: string): this {
    return this.bytes(nameToWire(canonical));
  }

  /** A <character-string>: length octet then the octets (caller checks ≤ 255). */
  charString(b: Uint8Array): this {
    return this.u8(b.length).bytes(b);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Reads RDATA fields. A read past the end (or a bad name) records the first problem and returns a
 * placeholder; `done()` reports it, so a codec reads every field and checks once at the end.
 */
export class ByteReader {
  private at = 0;
  private problem: string | undefined;

  constructor(private readonly data: Uint8Array) {}

  get remaining(): number {
    return this.problem === undefined ? this.data.length - this.at : 0;
  }

  fail(reason: string): void {
    this.problem ??= reason;
  }

  get failed(): boolean {
    return this.problem !== undefined;
  }

  private need(n: number, what: string): boolean {
    if (this.problem !== undefined) return false;
    if (this.at + n > this.data.length) {
      this.fail(`RDATA ends inside the ${what}`);
      return false;
    }
    return true;
  }

  u8(what = 'data'): number {
    return this.need(1, what) ? this.data[this.at++]! : 0;
  }

  u16(what = 'data'): number {
    if (!this.need(2, what)) return 0;
    const v = (this.data[this.at]! << 8) | this.data[this.at + 1]!;
    this.at += 2;
    return v;
  }

  u32(what = 'data'): number {
    return this.u16(what) * 0x10000 + this.u16(what);
  }

  take(n: number, what = 'data'): Uint8Array {
    if (!this.need(n, what)) return new Uint8Array(0);
    const out = this.data.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /** Everything left. */
  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  /** A <character-string>. */
  charString(what = 'character-string'): Uint8Array {
    return this.take(this.u8(what), what);
  }

  /** An uncompressed name (stored RDATA never holds compression pointers), canonical. */
  name(what = 'name'): string {
    if (this.problem !== undefined) return ROOT;
    for (let p = this.at; ; ) {
      const len = this.data[p];
      if (len === undefined) {
        this.fail(`RDATA ends inside the ${what}`);
        return ROOT;
      }
      if (len === 0) break;
      if ((len & 0xc0) !== 0) {
        this.fail(len >= 0xc0 ? `compression pointer in the ${what}` : `unknown label type in the ${what}`);
        return ROOT;
      }
      p += len + 1;
    }
    const read = nameFromWire(this.data, this.at);
    if (!read.ok) {
      this.fail(`${what}: ${read.error}`);
      return ROOT;
    }
    this.at = read.value.end;
    return read.value.name;
  }

  /** The presentation text when every field decoded and no octets are left over. */
  done(text: string): Result<string, string> {
    if (this.problem !== undefined) return err(this.problem);
    const left = this.data.length - this.at;
    if (left > 0) return err(`${left} unexpected octet${left === 1 ? '' : 's'} after the last field`);
    return ok(text);
  }
}
