/**
 * Back-pressure on a peer that does not read. Every answer waits in the companion's memory
 * until the peer reads it: a paired client sending 40-byte `listTokens` and reading nothing
 * made the companion hold about 11 KiB per request, without bound (session 12: 102 → 216
 * MiB RSS in 23 s, still climbing). Above `pauseBytes` queued, the connection's socket is no
 * longer read and the requests already read are held, not answered (they then wait in the
 * peer's own buffers: TCP's flow control); once the peer has read the queue down to
 * `resumeBytes`, the held requests are handled in order and reading goes on. Nothing is
 * dropped; the queue stays under `pauseBytes` plus one answer.
 */
import type { WebSocket } from 'ws';

export const OUTBOUND = {
  /** Queued answer bytes above which a connection is no longer read (a batch waits here too). */
  pauseBytes: 16 * 1024 * 1024,
  /** Reading goes on once the peer has read the queue down to this. */
  resumeBytes: 4 * 1024 * 1024,
  /** How often a paused connection's queue is looked at. */
  checkMs: 20,
};

export type OutboundBounds = typeof OUTBOUND;

export class ReadGate {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    /** Called once the peer has read enough: the held requests go on, then reading does. */
    private readonly reopened: () => void,
    private readonly bounds: OutboundBounds = OUTBOUND,
  ) {}

  /** Bytes queued for the peer and not yet taken by it. */
  get queuedBytes(): number {
    return this.ws.bufferedAmount;
  }

  /** True while the peer is not read (its requests are held). */
  get paused(): boolean {
    return this.timer !== undefined;
  }

  /** After each send: stops reading the peer while its answers pile up. */
  afterSend(): void {
    if (this.timer !== undefined || this.ws.bufferedAmount <= this.bounds.pauseBytes) return;
    this.ws.pause();
    this.timer = setInterval(() => {
      if (this.ws.readyState !== this.ws.OPEN) return this.stop();
      if (this.ws.bufferedAmount > this.bounds.resumeBytes) return;
      this.stop();
      this.reopened();
      this.ws.resume();
    }, this.bounds.checkMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
