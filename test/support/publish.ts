/**
 * Publishes a snapshot to the real KV binding in the published layout (pointer + immutable blob),
 * the way the control plane does, and makes the isolate's store pick it up.
 */

import { configOf, type Env } from '../../src/env';
import { CONFIG_POINTER_KEY, configStoreFor } from '../../src/store/config-store';
import { snapshotOf } from './zones';

export async function publishZones(env: Env, zones: Record<string, string>, version = 1): Promise<void> {
  const snapshot = snapshotOf(zones, version);
  const key = `config/v/${version}`;
  await env.SNAPSHOTS.put(key, JSON.stringify(snapshot));
  await env.SNAPSHOTS.put(
    CONFIG_POINTER_KEY,
    JSON.stringify({ version, key, committedAt: snapshot.committedAt }),
  );
  await configStoreFor(env.SNAPSHOTS, configOf(env).snapshotRefreshMs).refresh();
}
