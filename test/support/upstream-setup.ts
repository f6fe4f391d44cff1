/** Global setup: the local upstream DoH resolver (upstream-server.ts); its port reaches tests via `provide`. */
import type { TestProject } from 'vitest/node';
import { startUpstreamServer } from './upstream-server';

declare module 'vitest' {
  interface ProvidedContext {
    upstreamPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startUpstreamServer();
  project.provide('upstreamPort', server.port);
  return () => server.close();
}
