/**
 * The companion's WebSocket server. Three doors, in order, each closed by default:
 *  1. the socket: bound to 127.0.0.1 only (never 0.0.0.0, never configurable);
 *  2. the HTTP upgrade: the Host must be 127.0.0.1:<port> or localhost:<port> (DNS
 *     rebinding), the Origin must be a paired extension's (a web page, a missing Origin, a
 *     foreign extension → 403), or any extension's while a `hocba pair` window is open;
 *  3. the first message: a challenge-response proof of the pairing secret (or a pairing
 *     code while the window is open). Anything else closes the socket.
 * Only then do requests reach the token (TokenService loads the module lazily).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { isExtensionOrigin, LIMITS } from '@hocba/shared/protocol';
import { WebSocketServer } from 'ws';
import type { AuditLog } from '../audit/index.js';
import type { Logger } from '../log/index.js';
import type { PairingStore } from '../pairing/index.js';
import type { BatchSigner } from '../signing/batch.js';
import { Connection } from './connection.js';
import type { TokenService } from './token-service.js';

/** The only address the companion listens on. */
export const LOOPBACK = '127.0.0.1';

/** Concurrent sockets: the extension needs one; a few more for a second browser profile. */
export const MAX_CONNECTIONS = 8;

export interface CompanionServerOptions {
  port: number;
  version: string;
  pairings: PairingStore;
  tokens: TokenService;
  batches: BatchSigner;
  audit: AuditLog;
  log: Logger;
  chain?: readonly Uint8Array[];
  /** Seconds a socket may stay unauthenticated. */
  authTimeoutSeconds?: number;
}

export interface CompanionServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

export type UpgradeVerdict =
  | { status: 'accepted'; origin: string }
  | { status: 'refused'; reason: 'host' | 'noOrigin' | 'notExtension' | 'notPaired' };

/** The upgrade checks, separate so tests can call them directly too. */
export function checkUpgrade(
  headers: IncomingMessage['headers'],
  port: number,
  pairings: Pick<PairingStore, 'isPairedOrigin' | 'window'>,
): UpgradeVerdict {
  const host = headers.host;
  if (host !== `${LOOPBACK}:${port}` && host !== `localhost:${port}`)
    return { status: 'refused', reason: 'host' };
  const origin = headers.origin;
  if (!origin) return { status: 'refused', reason: 'noOrigin' };
  if (!isExtensionOrigin(origin)) return { status: 'refused', reason: 'notExtension' };
  if (pairings.isPairedOrigin(origin) || pairings.window()) return { status: 'accepted', origin };
  return { status: 'refused', reason: 'notPaired' };
}

function refuse(socket: Duplex, status = 403): void {
  const text = status === 403 ? 'Forbidden' : 'Service Unavailable';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function startCompanionServer(options: CompanionServerOptions): Promise<CompanionServer> {
  const { log } = options;
  const http = createServer((_request, response) => {
    // Plain HTTP gets nothing: no banner, no version a page could fingerprint.
    response.writeHead(426, { 'content-length': '0', connection: 'close' }).end();
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.socketMaxPayloadBytes,
    // No compression: a small deflated frame must not inflate into a huge one.
    perMessageDeflate: false,
  });
  const connections = new Set<Connection>();
  let port = options.port;

  http.on('upgrade', (request, socket, head) => {
    const verdict = checkUpgrade(request.headers, port, options.pairings);
    if (verdict.status === 'refused') {
      log.warn('connection refused at upgrade', {
        reason: verdict.reason,
        origin: request.headers.origin ?? null,
        host: request.headers.host ?? null,
      });
      refuse(socket);
      return;
    }
    if (connections.size >= MAX_CONNECTIONS) {
      refuse(socket, 503);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection({
        id: randomUUID(),
        ws,
        origin: verdict.origin,
        ...options,
        authTimeoutSeconds: options.authTimeoutSeconds ?? 15,
        onClose: () => connections.delete(connection),
      });
      connections.add(connection);
      void connection.start();
    });
  });

  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, LOOPBACK, () => {
      port = (http.address() as AddressInfo).port;
      log.info('companion listening', { address: `${LOOPBACK}:${port}` });
      resolve({
        port,
        server: http,
        close: () =>
          new Promise<void>((done) => {
            for (const connection of connections) connection.close(1001, 'shutting down');
            wss.close();
            http.close(() => done());
            http.closeAllConnections?.();
          }),
      });
    });
  });
}
