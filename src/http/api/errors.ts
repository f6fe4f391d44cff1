/**
 * Every way a management request can fail, and the one switch that turns each into an HTTP
 * response. 400s list every problem as `{"errors":[{"path","message"}]}`; the rest say
 * `{"error":"…"}`.
 */
import type { ControlError } from '../../control/types';
import { assertNever } from '../../result';
import type { SignalError } from '../../signals/signal-error';
import type { TooLarge } from '../../validation/problem';
import { jsonResponse } from './json';

/** The one set of error kinds (src/validation/problem.ts) plus what only HTTP can refuse. */
export type ApiError =
  | ControlError
  | SignalError
  | TooLarge
  | { readonly kind: 'unauthorized'; readonly tokenGiven: boolean }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'unsupported-media-type'; readonly accepted: readonly string[] }
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'internal' };

export function errorResponse(error: ApiError): Response {
  switch (error.kind) {
    case 'invalid':
      return jsonResponse({ errors: error.problems }, 400);
    case 'unauthorized': {
      const challenge = error.tokenGiven
        ? 'Bearer realm="edgesteer", error="invalid_token"'
        : 'Bearer realm="edgesteer"';
      return jsonResponse({ error: 'a valid bearer token is required' }, 401, {
        'WWW-Authenticate': challenge,
      });
    }
    case 'not-found':
      return jsonResponse({ error: error.message }, 404);
    case 'method-not-allowed':
      return jsonResponse({ error: `method not allowed; allowed: ${error.allow.join(', ')}` }, 405, {
        Allow: error.allow.join(', '),
      });
    case 'version-conflict':
      return jsonResponse(
        {
          error: `version conflict: expected version ${error.expected}, current version is ${error.actual}`,
          expectedVersion: error.expected,
          currentVersion: error.actual,
        },
        409,
      );
    case 'conflict':
      return jsonResponse({ error: error.message }, 409);
    case 'payload-too-large':
      return jsonResponse({ error: error.message }, 413);
    case 'unsupported-media-type':
      return jsonResponse(
        { error: `unsupported Content-Type; use one of: ${error.accepted.join(', ')}` },
        415,
      );
    case 'unavailable':
      return jsonResponse({ error: error.message }, 503, { 'Retry-After': '1' });
    case 'internal':
      return jsonResponse({ error: 'internal error' }, 500);
    default:
      return assertNever(error);
  }
}
