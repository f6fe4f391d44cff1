/**
 * Workers limits that shape how edgesteer fans out work (docs/doh-protocol.md §18): one invocation keeps
 * at most this many connections open (more only queue), and makes at most this many subrequests on
 * the Free plan (fetch, connect, Durable Object calls).
 */
export const OPEN_CONNECTIONS = 6;
export const FREE_SUBREQUESTS = 50;
