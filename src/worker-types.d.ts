// Ties `cloudflare:workers` `env` and `exports` (used by tests) to edgesteer's own types.
type EdgesteerEnv = import('./env').Env;
type EdgesteerMain = typeof import('./index');

declare namespace Cloudflare {
  interface Env extends EdgesteerEnv {}
  interface GlobalProps {
    mainModule: EdgesteerMain;
    durableNamespaces: 'ControlPlane' | 'HealthState' | 'LatencyState';
  }
}
