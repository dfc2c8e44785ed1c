import { DEFAULT_COMPANION_PORT, makeHello } from '@hocba/shared/protocol';
import browser from 'webextension-polyfill';

/** Backoff between reconnection attempts: 1 s doubling to 30 s. */
const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * The service worker's one connection to the companion on 127.0.0.1. Content scripts never
 * open their own: a WebSocket from a content script carries the portal's Origin, which the
 * companion refuses by design.
 */
export class CompanionConnection {
  private socket: WebSocket | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private delayMs = MIN_DELAY_MS;
  state: ConnectionState = 'closed';

  constructor(private readonly browserName: string) {}

  async start(): Promise<void> {
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && 'companionPort' in changes) void this.reconnectNow();
    });
    await this.connect();
  }

  private async port(): Promise<number> {
    const { companionPort } = await browser.storage.local.get('companionPort');
    return typeof companionPort === 'number' ? companionPort : DEFAULT_COMPANION_PORT;
  }

  private async reconnectNow(): Promise<void> {
    this.delayMs = MIN_DELAY_MS;
    this.close();
    await this.connect();
  }

  private close(): void {
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  private async connect(): Promise<void> {
    const port = await this.port();
    this.state = 'connecting';
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.state = 'open';
      this.delayMs = MIN_DELAY_MS;
      socket.send(JSON.stringify(makeHello(browser.runtime.getManifest().version, this.browserName)));
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return; // replaced on purpose
      this.state = 'closed';
      this.socket = undefined;
      this.retryTimer = setTimeout(() => void this.connect(), this.delayMs);
      this.delayMs = Math.min(this.delayMs * 2, MAX_DELAY_MS);
    });
  }
}
