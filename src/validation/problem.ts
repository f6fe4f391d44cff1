/**
 * The one problem type and the one set of error kinds every layer reports with: zone and
 * routing-rule validation, the control plane, the signal Durable Objects and the management API.
 * A problem carries a JSON-pointer-like path to the offending field or line, so a 400 can list
 * every problem at once (`{"errors":[{"path","message"}]}`); src/http/api/errors.ts maps each
 * kind to an HTTP status in one switch.
 */

/** A problem found in input, with a JSON-pointer-like path to the offending field or line. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** Input that breaks the rules: every problem, with its path (HTTP 400). */
export type Invalid = { readonly kind: 'invalid'; readonly problems: readonly Problem[] };
/** The thing asked for does not exist (HTTP 404). */
export type NotFound = { readonly kind: 'not-found'; readonly message: string };
/** A stale `expectedVersion` (HTTP 409). */
export type VersionConflict = {
  readonly kind: 'version-conflict';
  readonly expected: number;
  readonly actual: number;
};
/** The write contradicts other config: deleting what record sets use (HTTP 409). */
export type Conflict = { readonly kind: 'conflict'; readonly message: string };
/** The input is over a size limit (HTTP 413). */
export type TooLarge = { readonly kind: 'payload-too-large'; readonly message: string };

export const invalid = (problems: readonly Problem[]): Invalid => ({ kind: 'invalid', problems });
export const notFound = (message: string): NotFound => ({ kind: 'not-found', message });
export const conflict = (message: string): Conflict => ({ kind: 'conflict', message });
