/** A local web origin for clients that resolved a name through edgesteer; it records Host headers. */
import { createServer } from 'node:http';

export interface Origin {
  readonly port: number;
  /** Host header of every request so far. */
  readonly hosts: string[];
  close(): Promise<void>;
}

export function startOrigin(body: string, contentType = 'text/plain'): Promise<Origin> {
  const hosts: string[] = [];
  const server = createServer((req, res) => {
    hosts.push(req.headers.host ?? '');
    res.writeHead(200, { 'content-type': contentType }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({
        port: typeof a === 'object' && a ? a.port : 0,
        hosts,
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}
