/** Change ids and ChangeInfo (Route 53 shapes, docs/routing-semantics.md §6.2). */

import type { ChangeRow } from '../store/store';
import type { ChangeInfo } from '../types';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ID_CHARS = 13;
const ID_PATTERN = /^C[A-Z2-7]{12,}$/;

/** `C` and 13 random base32 characters (65 bits), like Route 53's `C2682N5HXP0BZ4`. */
export function newChangeId(random: (bytes: Uint8Array) => void = (b) => crypto.getRandomValues(b)): string {
  const bytes = new Uint8Array(ID_CHARS);
  random(bytes);
  let id = 'C';
  for (const b of bytes) id += BASE32[b & 31];
  return id;
}

/** The bare id from `C…` or Route 53's `/change/C…`; null when it cannot be one. */
export function parseChangeId(text: string): string | null {
  const id = text.startsWith('/change/') ? text.slice('/change/'.length) : text;
  return ID_PATTERN.test(id) ? id : null;
}

/** A change is INSYNC once the snapshot it produced (or a later one) is published. */
export function toChangeInfo(row: ChangeRow, published: number): ChangeInfo {
  return {
    Id: `/change/${row.id}`,
    Status: published >= row.version ? 'INSYNC' : 'PENDING',
    SubmittedAt: row.submittedAt,
    ...(row.comment === null ? {} : { Comment: row.comment }),
    Version: row.version,
  };
}
