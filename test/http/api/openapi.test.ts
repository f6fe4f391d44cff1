import { exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { API_ROUTES } from '../../../src/http/api/routes';
import { BASE } from '../../support/api';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, unknown>;
};

async function document(): Promise<Doc> {
  const res = await exports.default.fetch(`${BASE}/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  return res.json<Doc>();
}

/** `/zones/:zone` → `/zones/{zone}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

it('is an OpenAPI 3.1 document listing every route and method, and nothing else', async () => {
  const doc = await document();
  expect(doc.openapi).toBe('3.1.0');
  const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
  const routed = API_ROUTES.flatMap((r) => Object.keys(r.methods).map((m) => `${m} ${openApiPath(r.path)}`));
  expect(documented.sort()).toEqual(routed.sort());
});

it('describes ChangeInfo, ChangeBatch, ResourceRecordSet and the errors, and every $ref resolves', async () => {
  const doc = await document();
  const schemas = doc.components['schemas'] as Record<string, unknown>;
  for (const name of [
    'ChangeInfo',
    'ChangeBatch',
    'ResourceRecordSet',
    'ValidationErrors',
    'Error',
    'VersionConflict',
  ]) {
    expect(schemas[name], name).toBeDefined();
  }
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1] ?? '');
  expect(refs.length).toBeGreaterThan(10);
  for (const ref of refs) {
    let at: unknown = doc;
    for (const part of ref.split('/')) at = (at as Record<string, unknown>)[part];
    expect(at, ref).toBeDefined();
  }
});
