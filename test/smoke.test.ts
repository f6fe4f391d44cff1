import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';

it('runs in workerd with bindings', async () => {
  const res = await exports.default.fetch('http://x/nope');
  expect(res.status).toBe(404);
  expect(env.SNAPSHOTS).toBeDefined();
});
