/** Extended DNS Errors (RFC 8914): INFO-CODEs edgesteer emits, and the option's wire form. */

export const EDE = {
  OTHER: 0,
  STALE_ANSWER: 3,
  NOT_SUPPORTED: 21,
  NO_REACHABLE_AUTHORITY: 22,
  NETWORK_ERROR: 23,
} as const;

export const EDE_OPTION_CODE = 15;

/** One EDE option: INFO-CODE plus EXTRA-TEXT for humans (RFC 8914 §2). */
export interface ExtendedError {
  readonly code: number;
  readonly text: string;
}

const UTF8 = new TextEncoder();
/** EXTRA-TEXT is diagnostics; keep replies small. */
const MAX_TEXT = 200;

/** The option's payload: INFO-CODE (16 bits) then EXTRA-TEXT in UTF-8, no terminator. */
export function edeOptionData(e: ExtendedError): Uint8Array {
  const text = UTF8.encode(e.text.slice(0, MAX_TEXT));
  const out = new Uint8Array(2 + text.length);
  out[0] = e.code >>> 8;
  out[1] = e.code & 0xff;
  out.set(text, 2);
  return out;
}
