/**
 * The control plane is reached over Durable Object RPC, whose messages are limited to 32 MiB.
 * A parsed change batch is estimated on the high side before it is sent, so an oversized one is
 * refused with a 413 here instead of failing in transit. (Whole zones are not sent parsed: the
 * upload is streamed to the control plane, which parses it; see control/changes/zone-import.ts.)
 */
import type { Change } from '../../control/types';
import type { RecordSet } from '../../zones/model';

export const MAX_RPC_BYTES = 30 * 1024 * 1024;

/** An upper bound on the structured-clone size of record sets (ASCII strings, small numbers). */
function recordSetsRpcBytes(sets: Iterable<RecordSet>): number {
  let bytes = 0;
  for (const set of sets) {
    bytes += 64 + set.name.length;
    // Routing fields, alias target and health check: small, bounded by their own rules.
    if (set.setIdentifier !== undefined || set.routing !== undefined || set.alias !== undefined) {
      bytes += 256 + (set.setIdentifier?.length ?? 0) + (set.alias?.dnsName.length ?? 0);
    }
    for (const value of set.values) bytes += 8 + value.length;
  }
  return bytes;
}

export function changesRpcBytes(changes: readonly Change[]): number {
  let bytes = 0;
  for (const change of changes) bytes += 48 + change.path.length + recordSetsRpcBytes([change.recordSet]);
  return bytes;
}

export function tooLargeMessage(what: string, bytes: number): string {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return `${what} is too large: about ${mb(bytes)} MiB of record data; at most ${mb(MAX_RPC_BYTES)} MiB`;
}
