/**
 * What zone validation reports: a problem about one record set, naming the sets that take part.
 * Its own module because every rule module (validate-*.ts, cname-loops.ts) reports these and
 * validate.ts imports every rule module.
 */
/**
 * A record set by identity (Route 53: Name + Type + SetIdentifier); without a SetIdentifier, a
 * simple set or the record group as a whole.
 */
export interface SetRef {
  readonly name: string;
  readonly type: number;
  readonly setIdentifier?: string;
}

export interface ZoneProblem {
  /** The record set the problem is about (for a missing SOA or NS: where it should be). */
  readonly subject: SetRef;
  /** Other record sets that take part: the CNAME's neighbour, the delegation that occludes, … */
  readonly related: readonly SetRef[];
  readonly message: string;
  /** The Route 53 field of the subject the problem is about (`Weight`, `AliasTarget/DNSName`). */
  readonly field?: string;
}
