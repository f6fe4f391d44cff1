/**
 * Wire helpers for tests. Queries are built and replies decoded with dns-packet, an implementation
 * independent of edgesteer's codec.
 */
import packet from 'dns-packet';
import { decodeQuery } from '../../src/dns/codec/decode';
import { encodeResponse } from '../../src/dns/codec/encode';
import type { QueryExtras } from '../../src/resolver/context';
import { resolve } from '../../src/resolver/pipeline';
import type { ZoneIndex } from '../../src/zones/zone-index';

export interface QueryOptions {
  id?: number;
  rd?: boolean;
  qclass?: string;
  /** EDNS options (dns-packet shapes); an OPT record is added when set. */
  edns?: { options?: { code: number; data?: Buffer }[]; flags?: number; do?: boolean };
}

export function queryBytes(name: string, type: string, o: QueryOptions = {}): Uint8Array {
  const additionals: packet.Answer[] = [];
  if (o.edns) {
    additionals.push({
      type: 'OPT',
      name: '.',
      udpPayloadSize: 4096,
      flags: (o.edns.flags ?? 0) | (o.edns.do ? packet.DNSSEC_OK : 0),
      options: o.edns.options ?? [],
    } as packet.Answer);
  }
  return new Uint8Array(
    packet.encode({
      type: 'query',
      id: o.id ?? 0,
      flags: o.rd === false ? 0 : packet.RECURSION_DESIRED,
      questions: [{ name, type: type as packet.RecordType, class: (o.qclass ?? 'IN') as packet.RecordClass }],
      additionals,
    }),
  );
}

/** dns-packet's decoded reply; its typings omit `rcode`. */
export type Reply = packet.DecodedPacket & { readonly rcode: string };

/** Decodes a reply with dns-packet. */
export const decodeReply = (wire: Uint8Array): Reply => packet.decode(Buffer.from(wire)) as Reply;

/** decode → resolve → encode, as the Worker does, then decode the reply with dns-packet. */
export function ask(
  zones: ZoneIndex,
  bytes: Uint8Array,
  recursionAvailable = false,
  extras: QueryExtras = {},
) {
  const q = decodeQuery(bytes);
  if (!q.ok) throw new Error(`query did not decode: ${q.error}`);
  const resolution = resolve(q.value, zones, { recursionAvailable }, extras);
  const wire = encodeResponse(resolution.response);
  if (wire === null) throw new Error('reply too large');
  return { resolution, wire, reply: decodeReply(wire) };
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
