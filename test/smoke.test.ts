import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';

it('runs in workerd with bindings', async () => {
  const res = await exports.default.fetch('http://x/');
  expect(res.status).toBe(200);
  expect(env.SNAPSHOTS).toBeDefined();
});
