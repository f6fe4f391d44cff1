/**
 * A local upstream DoH resolver for the forwarding tests (Node): started by upstream-setup.ts for
 * the workerd tests and by the end-to-end tests for wrangler dev. Each scenario lives under its own path, `/<scenario>/dns-query` (RFC 8484 POST and GET), and is
 * set with `POST /_control/<scenario>`: normal answers, slow, HTTP 500, wrong media type, garbage,
 * another question, SERVFAIL, NXDOMAIN with SOA, the audit's compression-pointer bomb, an endless
 * body (up to 256 MB, written as fast as the reader takes it). `GET /_control/<scenario>` reports
 * the requests it saw (count and the query bytes) and the body bytes the endless scenario got to
 * write before the reader went away, so tests can count upstream requests per scenario.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import packet from 'dns-packet';
import { compressionBomb, questionOf } from './compression-bomb';

export interface Scenario {
  readonly behaviour:
    | 'answer'
    | 'status'
    | 'media-type'
    | 'garbage'
    | 'mismatch'
    | 'servfail'
    | 'nxdomain'
    | 'nodata'
    | 'compression-bomb'
    | 'endless';
  readonly delayMs?: number;
  /** `endless`: declare this Content-Length (a lie past 65,535) instead of sending chunked. */
  readonly declaredLength?: number;
  readonly ttl?: number;
  readonly status?: number;
  /** Answer with a CNAME from QNAME to this name first (compressed RDATA). */
  readonly cname?: string;
  /**
   * Answer A queries with this IPv4 address; AAAA and HTTPS then get NODATA (an HTTPS record would
   * make a browser switch a plain-HTTP test origin to https).
   */
  readonly address?: string;
}

const NEGATIVE_SOA = {
  name: 'test',
  type: 'SOA',
  ttl: 3600,
  data: {
    mname: 'ns.upstream.test',
    rname: 'hostmaster.upstream.test',
    serial: 1,
    refresh: 3600,
    retry: 600,
    expire: 86400,
    minimum: 60,
  },
} as const;

/** HTTPS (type 65) RDATA: priority 1, target ".", alpn=h2. */
const HTTPS_RDATA = Buffer.from([0, 1, 0, 0, 1, 0, 3, 2, 0x68, 0x32]);

function recordsFor(name: string, type: string, ttl: number, address?: string): packet.Answer[] {
  switch (type) {
    case 'A':
      return [{ name, type: 'A', ttl, data: address ?? '198.51.100.7' }];
    case 'AAAA':
      return address ? [] : [{ name, type: 'AAAA', ttl, data: '2001:db8::7' }];
    case 'NS':
      return [{ name, type: 'NS', ttl, data: `ns1.${name}` }];
    case 'UNKNOWN_65':
      if (address) return [];
      return [{ name, type: 'UNKNOWN_65', ttl, data: HTTPS_RDATA } as unknown as packet.Answer];
    default:
      return [];
  }
}

function replyTo(query: packet.Packet, s: Scenario): Buffer {
  const q = query.questions![0]!;
  const ttl = s.ttl ?? 300;
  const base = {
    type: 'response' as const,
    id: query.id ?? 0,
    flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
  };
  switch (s.behaviour) {
    case 'mismatch':
      return packet.encode({ ...base, questions: [{ ...q, name: 'someone-else.test' }], answers: [] });
    case 'servfail':
      return packet.encode({ ...base, flags: base.flags | 2, questions: [q] });
    case 'nxdomain':
      return packet.encode({ ...base, flags: base.flags | 3, questions: [q], authorities: [NEGATIVE_SOA] });
    case 'nodata':
      return packet.encode({ ...base, questions: [q], authorities: [NEGATIVE_SOA] });
    default: {
      const owner = s.cname ?? q.name;
      const chain: packet.Answer[] = s.cname ? [{ name: q.name, type: 'CNAME', ttl, data: s.cname }] : [];
      const answers = [...chain, ...recordsFor(owner, q.type, ttl, s.address)];
      const authorities = answers.length === 0 ? [NEGATIVE_SOA] : [];
      return packet.encode({ ...base, questions: [q], answers, authorities });
    }
  }
}

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export interface UpstreamServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startUpstreamServer(): Promise<UpstreamServer> {
  const scenarios = new Map<string, Scenario>();
  const seen = new Map<string, string[]>();
  const sent = new Map<string, number>();
  const sockets = new Set<Socket>();

  async function doh(id: string, request: IncomingMessage, response: ServerResponse, url: URL) {
    const wire =
      request.method === 'GET'
        ? Buffer.from(url.searchParams.get('dns') ?? '', 'base64url')
        : await body(request);
    const list = seen.get(id) ?? [];
    list.push(wire.toString('hex'));
    seen.set(id, list);
    const s = scenarios.get(id) ?? { behaviour: 'answer' };
    await new Promise((r) => setTimeout(r, s.delayMs ?? 0));
    if (response.destroyed) return;
    if (s.behaviour === 'status') return void response.writeHead(s.status ?? 500).end('upstream broke\n');
    if (s.behaviour === 'endless') return endless(id, response, s.declaredLength);
    if (s.behaviour === 'garbage') {
      return void response
        .writeHead(200, { 'content-type': 'application/dns-message' })
        .end(Buffer.from('not dns'));
    }
    const reply =
      s.behaviour === 'compression-bomb'
        ? // An 8,000-pointer chain and 4,000 owners pointing at its end (issue 9), for this question.
          compressionBomb({ chain: 8000, owners: 4000, response: true, question: questionOf(wire) })
        : replyTo(packet.decode(wire), s);
    const type = s.behaviour === 'media-type' ? 'text/html' : 'application/dns-message';
    response.writeHead(200, { 'content-type': type, 'content-length': String(reply.length) }).end(reply);
  }

  /** Writes 64 KB chunks until 256 MB or the reader closes the connection; counts what it wrote. */
  async function endless(id: string, response: ServerResponse, declaredLength?: number) {
    const headers: Record<string, string> = { 'content-type': 'application/dns-message' };
    if (declaredLength !== undefined) headers['content-length'] = String(declaredLength);
    response.writeHead(200, headers);
    const chunk = Buffer.alloc(65536, 0xc0);
    let written = 0;
    while (written < 256 * 1024 * 1024 && !response.destroyed) {
      written += chunk.length;
      sent.set(id, written);
      if (!response.write(chunk)) {
        await new Promise((r) => {
          response.once('drain', r);
          response.once('close', r);
        });
      }
    }
    response.end();
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://upstream.test');
    const [, first, second] = url.pathname.split('/');
    if (first === '_control' && second) {
      if (request.method === 'POST') {
        const text = (await body(request)).toString('utf8');
        scenarios.set(second, JSON.parse(text || '{"behaviour":"answer"}') as Scenario);
        seen.delete(second);
        sent.delete(second);
      }
      const queries = seen.get(second) ?? [];
      return void response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ count: queries.length, queries, sentBytes: sent.get(second) ?? 0 }));
    }
    if (first && second === 'dns-query') return doh(first, request, response, url);
    response.writeHead(404).end();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : 0);
    }),
  );
  return {
    port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
