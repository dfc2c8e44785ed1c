/**
 * The companion's WebSocket server. Three doors, in order, each closed by default:
 *  1. the socket: bound to 127.0.0.1 only (never 0.0.0.0, never configurable);
 *  2. the HTTP upgrade: the Host must be 127.0.0.1:<port> or localhost:<port> (DNS
 *     rebinding), the Origin must be a paired extension's (a web page, a missing Origin, a
 *     foreign extension → 403), or any extension's while a `hocba pair` window is open;
 *  3. the first message: a challenge-response proof of the pairing secret (or a pairing
 *     exchange while the window is open). Anything else closes the socket.
 * Strangers (before their proof) get bounded time, bytes and slots: see DOOR.
 * Only then do requests reach the token (TokenService loads the module lazily).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isExtensionOrigin, LIMITS } from '@hocba/shared/protocol';
import { WebSocketServer } from 'ws';
import type { PairingStore } from '../pairing/index.js';
import type { CompanionServices } from './connection/options.js';
import { Connection } from './connection.js';
import { FailureTally } from './failure-tally.js';

/** The only address the companion listens on. */
export const LOOPBACK = '127.0.0.1';

/**
 * The door's bounds. Before its proof a socket is a stranger (the Origin header is public, so
 * any local program can present the extension's): it gets little time, little memory and a
 * small pool of its own, where the newest stranger pushes out the oldest silent one, so
 * strangers holding every slot cannot keep the real extension out; it proves itself within
 * milliseconds of its turn. Authenticated sockets have their own slots nobody can evict.
 */
export const DOOR = {
  /** A TCP connection must complete its HTTP upgrade request within this. */
  headerTimeoutMs: 2_000,
  /** TCP connections not yet upgraded; the oldest is dropped for a newcomer beyond it. */
  unupgradedSockets: 64,
  /** Upgraded sockets awaiting their proof; the oldest silent one is evicted for a newcomer. */
  preAuthSockets: 16,
  /** Authenticated sockets: the extension's pages and a second browser profile. */
  authenticatedSockets: 8,
  /** Every byte a socket may send before its proof (frames of 4 KiB at most, a few of them). */
  preAuthInboundBytes: 16 * 1024,
  /** The proof must arrive within this of the upgrade. */
  proofDeadlineMs: 2_000,
  /** A pairing exchange, once started with a valid `pair.start`, may take this long (key stretching). */
  pairingDeadlineMs: 30_000,
  /** The upgrade request's headers (Chromium and Firefox send under 1 KiB). */
  maxHeaderBytes: 8 * 1024,
} as const;

/** Close code for a stranger pushed out of a full pre-auth pool: the extension retries. */
export const CLOSE_TRY_AGAIN = 1013;

export interface CompanionServerOptions extends CompanionServices {
  port: number;
  /** The door's bounds; tests shorten them. */
  door?: Partial<typeof DOOR>;
}

export interface CompanionServer {
  port: number;
  server: Server;
  /** What the door holds right now (tests, `hocba doctor`). */
  occupancy(): { unupgraded: number; preAuth: number; authenticated: number; outboundBytes: number };
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

/** Counts what a socket sends before its proof and cuts it off past the bound. */
function guardInbound(socket: Duplex, already: number, max: number): { release(): void } {
  let received = already;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > max) socket.destroy();
  };
  socket.on('data', onData);
  if (received > max) socket.destroy();
  return { release: () => socket.off('data', onData) };
}

export function startCompanionServer(options: CompanionServerOptions): Promise<CompanionServer> {
  const { log } = options;
  const door = { ...DOOR, ...options.door };
  const http = createServer(
    {
      headersTimeout: door.headerTimeoutMs,
      requestTimeout: door.headerTimeoutMs,
      keepAliveTimeout: 500,
      maxHeaderSize: door.maxHeaderBytes,
      connectionsCheckingInterval: Math.min(1_000, door.headerTimeoutMs),
    },
    (_request, response) => {
      // Plain HTTP gets nothing: no banner, no version a page could fingerprint.
      response.writeHead(426, { 'content-length': '0', connection: 'close' }).end();
    },
  );
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.socketMaxPayloadBytes,
    // No compression: a small deflated frame must not inflate into a huge one.
    perMessageDeflate: false,
  });
  /** TCP connections still in their HTTP request, oldest first, with their deadline. */
  const unupgraded = new Map<Socket, NodeJS.Timeout>();
  /** Upgraded, not yet proved, oldest first. */
  const preAuth = new Set<Connection>();
  const authenticated = new Set<Connection>();
  const failures = new FailureTally((summary) => {
    options.audit.append({ event: 'auth.failures', ...summary });
    log.warn('failed proofs or pairing attempts', { ...summary });
  });
  const refusals = new FailureTally((summary) =>
    log.warn('connections refused at the upgrade', { ...summary }),
  );
  let port = options.port;

  const forget = (socket: Socket) => {
    clearTimeout(unupgraded.get(socket));
    unupgraded.delete(socket);
  };

  http.on('connection', (socket: Socket) => {
    // Idle or trickling connections are not left to Node's periodic check alone: each has a deadline.
    const timer = setTimeout(() => socket.destroy(), door.headerTimeoutMs);
    timer.unref();
    unupgraded.set(socket, timer);
    socket.once('close', () => forget(socket));
    if (unupgraded.size > door.unupgradedSockets) {
      const oldest = unupgraded.keys().next().value as Socket;
      forget(oldest);
      oldest.destroy();
    }
  });

  http.on('upgrade', (request, socket: Socket, head: Buffer) => {
    forget(socket);
    // Node removed its own error listener at the upgrade: a reset now must not be an uncaught error.
    socket.on('error', () => socket.destroy());
    const verdict = checkUpgrade(request.headers, port, options.pairings);
    if (verdict.status === 'refused') {
      refusals.add(String(request.headers.origin ?? '(none)').slice(0, 100), verdict.reason);
      refuse(socket);
      return;
    }
    if (preAuth.size >= door.preAuthSockets) {
      // Strangers do not get to hold the door: the oldest silent one makes room.
      const oldest = [...preAuth].find((c) => !c.spoke) ?? preAuth.values().next().value!;
      preAuth.delete(oldest);
      oldest.close(CLOSE_TRY_AGAIN, 'try again');
    }
    const inbound = guardInbound(socket, head.length, door.preAuthInboundBytes);
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection: Connection = new Connection({
        id: randomUUID(),
        ws,
        origin: verdict.origin,
        ...options,
        failures,
        proofDeadlineMs: door.proofDeadlineMs,
        pairingDeadlineMs: door.pairingDeadlineMs,
        admit: () => {
          if (authenticated.size >= door.authenticatedSockets) return false;
          preAuth.delete(connection);
          authenticated.add(connection);
          inbound.release();
          return true;
        },
        onClose: () => {
          preAuth.delete(connection);
          authenticated.delete(connection);
        },
      });
      preAuth.add(connection);
      void connection.start();
    });
  });

  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, LOOPBACK, () => {
      port = (http.address() as AddressInfo).port;
      log.info('companion listening', { address: `${LOOPBACK}:${port}` });
      // Running errors (EMFILE on accept under a connection flood) are logged, summed; the
      // server keeps listening and accepts again as soon as descriptors free up.
      const serverErrors = new FailureTally((summary) => log.error('server errors', { ...summary }));
      http.on('error', (error: NodeJS.ErrnoException) =>
        serverErrors.add('server', error.code ?? error.message),
      );
      resolve({
        port,
        server: http,
        occupancy: () => ({
          unupgraded: unupgraded.size,
          preAuth: preAuth.size,
          authenticated: authenticated.size,
          // Answers queued for peers that have not read them (bounded: connection/back-pressure.ts).
          outboundBytes: [...preAuth, ...authenticated].reduce((sum, c) => sum + c.queuedBytes, 0),
        }),
        close: () =>
          new Promise<void>((done) => {
            // The port is given up first: a summary that cannot be written (data folder gone,
            // disk full) must not leave a stopped companion listening.
            wss.close();
            http.close(() => done());
            for (const connection of [...preAuth, ...authenticated]) connection.close(1001, 'shutting down');
            for (const socket of unupgraded.keys()) socket.destroy();
            http.closeAllConnections?.();
            for (const tally of [failures, refusals]) {
              try {
                tally.flush();
              } catch (error) {
                process.stderr.write(`hocba: summary not written at stop: ${String(error)}\n`);
              }
            }
          }),
      });
    });
  });
}
