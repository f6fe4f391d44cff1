import { describe, expect, it } from 'vitest';
import { type ApiError, errorResponse } from '../../../src/http/api/errors';

const CASES: [ApiError, number, unknown][] = [
  [
    { kind: 'invalid', problems: [{ path: 'a', message: 'b' }] },
    400,
    { errors: [{ path: 'a', message: 'b' }] },
  ],
  [{ kind: 'unauthorized', tokenGiven: false }, 401, { error: 'a valid bearer token is required' }],
  [{ kind: 'not-found', message: 'no hosted zone x.' }, 404, { error: 'no hosted zone x.' }],
  [
    { kind: 'method-not-allowed', allow: ['GET', 'HEAD'] },
    405,
    { error: expect.stringMatching(/GET, HEAD/) },
  ],
  [
    { kind: 'version-conflict', expected: 3, actual: 5 },
    409,
    { error: expect.any(String), expectedVersion: 3, currentVersion: 5 },
  ],
  [{ kind: 'payload-too-large', message: 'too big' }, 413, { error: 'too big' }],
  [
    { kind: 'unsupported-media-type', accepted: ['text/dns'] },
    415,
    { error: expect.stringMatching(/text\/dns/) },
  ],
  [{ kind: 'internal' }, 500, { error: 'internal error' }],
];

describe('errorResponse', () => {
  it.each(CASES)('%o → %i', async (error, status, body) => {
    const res = errorResponse(error);
    expect(res.status).toBe(status);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual(body);
  });
});
