/** Who listens on the companion's port: the companion, another program, or nobody. */
import { challengeSchema } from '@hocba/shared/protocol';
import WebSocket from 'ws';

/** The extension's fixed ID (manifest `key`), used to probe the port when nothing is paired yet. */
export const EXTENSION_ORIGIN = 'chrome-extension://jfholdamahenahlfmimleieloadpkmgo';

const NO_ANSWER = 'không trả lời / no answer';

export type PortProbe =
  | { state: 'free' }
  | { state: 'companion'; version: string; protocol: number }
  | { state: 'refused'; httpStatus: number }
  | { state: 'other'; answer: string };

/**
 * Who listens on the port: the companion greets a paired origin with a `challenge` carrying
 * its version (it shows no banner to anyone else, by design); a refusal with 403 is what it
 * answers an unpaired origin; anything else is another program.
 */
export function probePort(port: number, origin: string, timeoutMs = 3000): Promise<PortProbe> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (probe: PortProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(probe);
    };
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`, {
      headers: { Origin: origin },
      handshakeTimeout: timeoutMs,
    });
    const timer = setTimeout(() => done({ state: 'other', answer: NO_ANSWER }), timeoutMs + 500);
    socket.on('message', (data) => {
      try {
        const message = challengeSchema.parse(JSON.parse(String(data)));
        done({
          state: 'companion',
          version: message.companion.version,
          protocol: message.companion.protocol,
        });
      } catch {
        done({ state: 'other', answer: 'unexpected WebSocket message' });
      }
    });
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      done(
        status === 403
          ? { state: 'refused', httpStatus: status }
          : { state: 'other', answer: `HTTP ${status}` },
      );
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') done({ state: 'free' });
      // A program that accepts the connection and says nothing (ws's handshake timeout).
      else if (/handshake has timed out/i.test(error.message)) done({ state: 'other', answer: NO_ANSWER });
      else done({ state: 'other', answer: error.code ?? error.message });
    });
  });
}
