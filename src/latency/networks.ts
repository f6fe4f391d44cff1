/** Measured networks (CIDR text in LatencySnapshot) and prefix containment. */
import { parseIPv4, parseIPv6 } from '../dns/rdata/addresses';
import { maskAddress } from '../location/network';

export interface MeasuredNetwork {
  readonly family: 4 | 6;
  readonly address: Uint8Array;
  readonly length: number;
  /** The CIDR as written in the snapshot. */
  readonly text: string;
}

/** `203.0.113.0/24` or `2001:db8::/32`; host bits are cleared. Undefined when it does not parse. */
export function parseCidr(text: string): MeasuredNetwork | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const parsed = m[1]!.includes(':') ? parseIPv6(m[1]!) : parseIPv4(m[1]!);
  if (!parsed.ok) return undefined;
  const length = Number(m[2]);
  if (length > parsed.value.length * 8) return undefined;
  return {
    family: parsed.value.length === 4 ? 4 : 6,
    address: maskAddress(parsed.value, length),
    length,
    text,
  };
}

/** True when `inner` (a client network) lies inside `outer`: same family, inner at least as long, same leading bits. */
export function networkContains(
  outer: { readonly family: 4 | 6; readonly address: Uint8Array; readonly length: number },
  inner: { readonly family: 4 | 6; readonly address: Uint8Array; readonly length: number },
): boolean {
  if (outer.family !== inner.family || inner.length < outer.length) return false;
  const whole = outer.length >> 3;
  for (let i = 0; i < whole; i++) if (outer.address[i] !== inner.address[i]) return false;
  const rest = outer.length & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((outer.address[whole] ?? 0) & mask) === ((inner.address[whole] ?? 0) & mask);
}
