/**
 * IP → country runs in the binary layout written by scripts/build-geoip.mjs (read that header for
 * the byte layout). A table partitions the IPv4 space, or the first 64 bits of the IPv6 space, into
 * runs; run i covers [start[i], start[i+1]) and carries one country (index 0 = unknown).
 *
 * Lookups are a binary search over typed arrays that view the Data module's bytes directly: no
 * copy at load, no BigInt, nothing allocated but the result.
 */

export interface GeoTableMeta {
  readonly source: string;
  readonly version: string;
  readonly sourceDate: string;
}

export interface GeoTable {
  readonly family: 4 | 6;
  /** IPv4: run starts. IPv6: the high 32 bits of each run's first /64. Sorted ascending. */
  readonly high: Uint32Array;
  /** IPv6: the low 32 bits of each run's first /64 (bits 32–63 of the address); IPv4: empty. */
  readonly low: Uint32Array;
  /** Country index per run into `countries`; 0 = unknown. */
  readonly country: Uint8Array;
  /** Alpha-2 codes; `countries[0]` is "--" (unknown). */
  readonly countries: readonly string[];
  readonly meta: GeoTableMeta;
}

export interface CountryMatch {
  readonly country: string;
  /** Shortest L such that the aligned /L around the address lies inside one run of this country. */
  readonly scope: number;
}

const MAGIC = { 4: 'ESG4', 6: 'ESG6' } as const;

/** The bytes as a 4-byte-aligned ArrayBuffer (workerd Data modules are ArrayBuffers; esbuild's binary loader gives a Uint8Array). */
function alignedBuffer(bytes: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  if (whole && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice().buffer;
}

/** Reads a table built by scripts/build-geoip.mjs; throws on a malformed buffer (a build bug). */
export function parseGeoTable(bytes: ArrayBuffer | ArrayBufferView, family: 4 | 6): GeoTable {
  const buffer = alignedBuffer(bytes);
  const view = new DataView(buffer);
  const ascii = (at: number, length: number) => String.fromCharCode(...new Uint8Array(buffer, at, length));
  if (ascii(0, 4) !== MAGIC[family] || view.getUint32(4, true) !== 1) {
    throw new Error(`geoip table for IPv${family} has a wrong magic or format version`);
  }
  const count = view.getUint32(8, true);
  const countryCount = view.getUint16(12, true);
  const metaLength = view.getUint16(14, true);
  const codes = ascii(16, countryCount * 2);
  const countries = Array.from({ length: countryCount }, (_, i) => codes.slice(i * 2, i * 2 + 2));
  const metaAt = 16 + countryCount * 2;
  const meta = JSON.parse(
    new TextDecoder().decode(new Uint8Array(buffer, metaAt, metaLength)),
  ) as GeoTableMeta;
  let at = Math.ceil((metaAt + metaLength) / 4) * 4;
  const high = new Uint32Array(buffer, at, count);
  at += count * 4;
  const low = family === 6 ? new Uint32Array(buffer, at, count) : new Uint32Array(0);
  at += low.length * 4;
  const country = new Uint8Array(buffer, at, count);
  if (at + count !== buffer.byteLength) throw new Error(`geoip table for IPv${family} has a wrong length`);
  return { family, high, low, country, countries, meta };
}

const word = (address: Uint8Array, at: number): number =>
  ((address[at]! << 24) | (address[at + 1]! << 16) | (address[at + 2]! << 8) | address[at + 3]!) >>> 0;

/** Index of the last run whose start is ≤ (hi, lo); -1 if none. */
function findRun(table: GeoTable, hi: number, lo: number): number {
  const { high, low } = table;
  const wide = table.family === 6;
  let left = 0;
  let right = high.length - 1;
  let found = -1;
  while (left <= right) {
    const mid = (left + right) >>> 1;
    const h = high[mid]!;
    if (h < hi || (h === hi && (!wide || low[mid]! <= lo))) {
      found = mid;
      left = mid + 1;
    } else {
      right = mid - 1;
    }
  }
  return found;
}

/** 1 if (ah, al) > (bh, bl), -1 if less, 0 if equal. */
const compare = (ah: number, al: number, bh: number, bl: number): number =>
  ah !== bh ? (ah > bh ? 1 : -1) : al !== bl ? (al > bl ? 1 : -1) : 0;

/**
 * Shortest L (0…width) such that the aligned /L block around (hi, lo) lies inside
 * [(sh, sl), (eh, el)]. IPv4 uses hi only with width 32; IPv6 the first 64 bits.
 */
function scopeWithin(hi: number, lo: number, sh: number, sl: number, eh: number, el: number, width: number) {
  for (let length = 0; length < width; length++) {
    const hiMask = length >= 32 ? 0xffffffff : length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
    const loBits = length - 32;
    const loMask = loBits <= 0 ? 0 : (0xffffffff << (32 - loBits)) >>> 0;
    const bh = (hi & hiMask) >>> 0;
    const bl = (lo & loMask) >>> 0;
    const endH = (bh | ~hiMask) >>> 0;
    const endL = width === 32 ? 0 : (bl | ~loMask) >>> 0;
    if (compare(bh, bl, sh, sl) >= 0 && compare(endH, endL, eh, el) <= 0) return length;
  }
  return width;
}

/** The country of a 4- or 16-byte address in `table`, with the scope of its run; undefined if unknown. */
export function lookupIn(table: GeoTable, address: Uint8Array): CountryMatch | undefined {
  const wide = table.family === 6;
  const hi = word(address, 0);
  const lo = wide ? word(address, 4) : 0;
  const run = findRun(table, hi, lo);
  if (run < 0) return undefined;
  const index = table.country[run]!;
  if (index === 0) return undefined;
  const country = table.countries[index];
  if (country === undefined) return undefined;
  const last = run + 1 >= table.high.length;
  // End of the run = next start − 1 (with borrow across the two words), or the top of the space.
  let eh = last ? 0xffffffff : table.high[run + 1]!;
  let el = last ? 0xffffffff : wide ? table.low[run + 1]! : 0;
  if (!last) {
    if (wide) {
      if (el === 0) eh = (eh - 1) >>> 0;
      el = (el - 1) >>> 0;
    } else {
      eh = (eh - 1) >>> 0;
    }
  }
  const sh = table.high[run]!;
  const sl = wide ? table.low[run]! : 0;
  return { country, scope: scopeWithin(hi, lo, sh, sl, eh, el, wide ? 64 : 32) };
}
