// Ties `cloudflare:workers` `env` and `exports` (used by tests) to edgesteer's own types.
declare namespace Cloudflare {
  interface Env extends import('./env').Env {}
  interface GlobalProps {
    mainModule: typeof import('./index');
    durableNamespaces: 'ControlPlane';
  }
}
