/**
 * Loopback servers for the tests: `openssl ocsp` as the OCSP responder named in the test
 * certificates, and a tiny HTTP front for `openssl ts -reply` as an RFC 3161 TSA.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { TestPki } from '../../../test/pki/index.mjs';
import { ocspResponderArgs, tsaReplyArgs } from './openssl.js';
import { tempDir } from './tools.js';

export interface RunningServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/** `openssl ocsp -port` answering for the issuing CA, on the port in the certificates' AIA. */
export async function startOcspResponder(pki: TestPki, port: number): Promise<RunningServer> {
  const child: ChildProcess = spawn(
    'openssl',
    ['ocsp', '-port', String(port), ...ocspResponderArgs(pki), '-nmin', '60'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}/`,
    requests: 0,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      const s = d.toString();
      if (s.includes('waiting for OCSP client connections')) resolve();
      server.requests += (s.match(/Received request/g) ?? []).length;
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`openssl ocsp exited with ${code}`)));
  });
  return server;
}

/** An RFC 3161 TSA: POST a TimeStampReq, get `openssl ts -reply` back. */
export async function startTsa(pki: TestPki): Promise<RunningServer> {
  const dir = tempDir('tsa');
  let http: Server | undefined;
  const server: RunningServer = {
    url: '',
    requests: 0,
    close: () => new Promise((resolve) => (http ? http.close(() => resolve()) : resolve())),
  };
  http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      server.requests++;
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      const q = join(dir, `q${server.requests}.tsq`);
      const r = join(dir, `r${server.requests}.tsr`);
      writeFileSync(q, Buffer.concat(chunks));
      try {
        execFileSync('openssl', [...tsaReplyArgs(pki, q), '-out', r], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' }).end(readFileSync(r));
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const addr = http.address();
  server.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/tsa`;
  return server;
}
