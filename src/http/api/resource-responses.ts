/** Replies to writes of CIDR collections and regions: 201 + Location when created, else 200. */
import type { ControlError, ResourceWriteResult } from '../../control/types';
import type { Result } from '../../result';
import { errorResponse } from './errors';
import { jsonResponse } from './json';

export function writeResponse(result: Result<ResourceWriteResult, ControlError>, location: string): Response {
  if (!result.ok) return errorResponse(result.error);
  const { changeInfo, created } = result.value;
  return jsonResponse({ ChangeInfo: changeInfo }, created ? 201 : 200, created ? { Location: location } : {});
}
