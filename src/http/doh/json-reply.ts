/** A reply in the JSON API's shape (docs/doh-protocol.md §8). */
import { subnetToText } from '../../dns/ecs';
import type { ResourceRecord, Response } from '../../dns/message';
import { formatRdata } from '../../dns/rdata';

interface JsonRecord {
  readonly name: string;
  readonly type: number;
  readonly TTL: number;
  readonly data: string;
}

export interface JsonReply {
  readonly Status: number;
  readonly TC: boolean;
  readonly RD: boolean;
  readonly RA: boolean;
  readonly AD: boolean;
  readonly CD: boolean;
  readonly Question: readonly { readonly name: string; readonly type: number }[];
  readonly Answer?: readonly JsonRecord[];
  readonly Authority?: readonly JsonRecord[];
  readonly Additional?: readonly JsonRecord[];
  readonly edns_client_subnet?: string;
}

function records(
  rrs: readonly ResourceRecord[],
  qname: string | null,
  asSent: string,
): JsonRecord[] | undefined {
  if (rrs.length === 0) return undefined;
  return rrs.map((rr) => ({
    name: rr.name === qname ? asSent : rr.name,
    type: rr.type,
    TTL: rr.ttl,
    data: formatRdata(rr.type, rr.rdata),
  }));
}

export function toJsonReply(r: Response): JsonReply {
  const q = r.question;
  const qname = q?.name ?? null;
  const asSent = q?.nameAsSent ?? '';
  const ecs = r.edns?.clientSubnet ?? null;
  return {
    Status: r.rcode,
    TC: false,
    RD: r.rd,
    RA: r.ra,
    AD: r.ad,
    CD: r.cd,
    Question: q === null ? [] : [{ name: q.nameAsSent, type: q.type }],
    Answer: records(r.answer, qname, asSent),
    Authority: records(r.authority, qname, asSent),
    Additional: records(r.additional, qname, asSent),
    ...(ecs === null ? {} : { edns_client_subnet: subnetToText(ecs, ecs.scopePrefix) }),
  };
}
