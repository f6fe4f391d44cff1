/** Change routes: submit a Route 53 ChangeBatch to a zone, and poll a change's status. */
import type { Context } from 'hono';
import { parseChangeBatch } from '../../control/changes/change-batch';
import { controlPlane } from '../../control/client';
import { invalid, type Problem } from '../../validation/problem';
import type { AppEnv } from '../app-env';
import { readJsonBody } from './body';
import { errorResponse } from './errors';
import { jsonResponse } from './json';
import { parseWriteOptions, parseZoneParam } from './params';
import { changesRpcBytes, MAX_RPC_BYTES, tooLargeMessage } from './rpc-size';

type Ctx = Context<AppEnv>;

export async function postChanges(c: Ctx): Promise<Response> {
  const name = parseZoneParam(c.req.param('zone'));
  if (!name.ok) return errorResponse(invalid([name.error]));
  const json = await readJsonBody(c.req.raw);
  if (!json.ok) return errorResponse(json.error);
  const problems: Problem[] = [];
  const batch = parseChangeBatch(json.value, name.value);
  if (!batch.ok) problems.push(...batch.error);
  const options = parseWriteOptions(c.req.raw, problems, batch.ok ? batch.value.comment : undefined);
  if (!batch.ok || problems.length > 0) return errorResponse(invalid(problems));
  const size = changesRpcBytes(batch.value.changes);
  if (size > MAX_RPC_BYTES) {
    return errorResponse({ kind: 'payload-too-large', message: tooLargeMessage('the change batch', size) });
  }
  const result = await controlPlane(c.env).applyChanges(name.value, batch.value.changes, options);
  return result.ok ? jsonResponse({ ChangeInfo: result.value }) : errorResponse(result.error);
}

export async function getChange(c: Ctx): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const info = await controlPlane(c.env).getChange(id);
  return info === null
    ? errorResponse({ kind: 'not-found', message: `no change ${id}` })
    : jsonResponse({ ChangeInfo: info });
}

export async function getStatus(c: Ctx): Promise<Response> {
  const version = await controlPlane(c.env).versions();
  return jsonResponse({ version });
}
