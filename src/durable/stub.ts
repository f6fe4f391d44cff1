/**
 * A Durable Object's stub, typed by its class. env.ts leaves the namespaces untyped: every Durable
 * Object module imports `Env`, so naming their classes there would make one import cycle of them
 * all. Each object's client names its class here instead.
 */
export function stubByName<T extends Rpc.DurableObjectBranded>(
  namespace: DurableObjectNamespace,
  name: string,
  options?: DurableObjectNamespaceGetDurableObjectOptions,
): DurableObjectStub<T> {
  return namespace.get(namespace.idFromName(name), options) as DurableObjectStub<T>;
}
