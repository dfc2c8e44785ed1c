/**
 * After the proof: the requests of one authenticated connection (status, tokens, login,
 * sign, cancel, logout), its one login and its running batch. Requests run concurrently
 * (a cancel must get through while a batch signs); a thrown HocbaError is the answer.
 */
import { toHocbaError } from '@hocba/shared/errors';
import { PROTOCOL_VERSION, protocolError, type Request, type SignRequest } from '@hocba/shared/protocol';
import { tryWrite } from '../../signing/batch.js';
import { OUTBOUND } from './back-pressure.js';
import type { ConnectionLink } from './options.js';

/** Above this many bytes queued on the socket, the batch waits for the browser to read. */
const HIGH_WATER_BYTES = OUTBOUND.pauseBytes;

export class RequestHandler {
  private readonly runningBatches = new Set<string>();

  constructor(
    private readonly link: ConnectionLink,
    /** The pairing this connection proved: every audit line of its requests names it. */
    private readonly pairingId: string,
  ) {}

  private get o() {
    return this.link.options;
  }

  async handle(request: Request): Promise<void> {
    const { tokens } = this.o;
    const { link, pairingId } = this;
    switch (request.type) {
      case 'status': {
        const module = tokens.moduleInfo();
        const count = module.status === 'loaded' ? tokens.tokenCount() : 0;
        link.send({
          type: 'status.result',
          id: request.id,
          companion: { version: this.o.version, protocol: PROTOCOL_VERSION },
          module,
          token: count > 0 ? 'present' : 'absent',
          tokens: count,
          session: tokens.sessionOf(this.o.id) ? 'loggedIn' : 'loggedOut',
        });
        return;
      }
      case 'listTokens':
        link.send({ type: 'listTokens.result', id: request.id, tokens: tokens.listTokens() });
        return;
      case 'login': {
        const serial = request.token.serial;
        if (this.o.batches.anyRunning()) throw protocolError('BATCH_BUSY');
        try {
          const session = tokens.login(this.o.id, serial, request.pin, request.confirmFinalTry);
          this.o.audit.append({ event: 'login.succeeded', pairingId, token: session.token.label, serial });
          link.send({
            type: 'login.result',
            id: request.id,
            status: 'loggedIn',
            token: { serial, label: session.token.label },
            idleTimeoutSeconds: tokens.idleTimeoutSeconds,
          });
        } catch (caught) {
          const error = toHocbaError(caught);
          this.o.audit.append({ event: 'login.failed', pairingId, token: '', serial, code: error.code });
          this.o.log.warn('token login failed', { serial, errorCode: error.code });
          throw error;
        }
        return;
      }
      case 'sign':
        return this.sign(request);
      case 'cancel':
        link.send({
          type: 'cancel.result',
          id: request.id,
          batchId: request.batchId,
          status: this.o.batches.cancel(request.batchId),
        });
        return;
      case 'logout': {
        // Logging out mid-batch stops the batch cleanly after the current document, then logs out.
        const hadLogin = tokens.sessionOf(this.o.id) !== undefined;
        for (const batchId of this.runningBatches) this.o.batches.cancel(batchId);
        while (this.runningBatches.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
        const ended = this.endLogin('requested') || hadLogin;
        link.send({ type: 'logout.result', id: request.id, status: ended ? 'loggedOut' : 'notLoggedIn' });
        return;
      }
    }
  }

  /**
   * The connection closed. A login dies with the connection that made it; a running batch
   * stops at the next document (and logs out itself once it has stopped: never pull the
   * session from under C_Sign).
   */
  connectionClosed(): void {
    for (const batchId of this.runningBatches) this.o.batches.cancel(batchId);
    if (this.runningBatches.size === 0) this.endLogin('disconnected');
  }

  private async sign(request: SignRequest): Promise<void> {
    const { tokens, batches } = this.o;
    const { link } = this;
    const session = tokens.sessionOf(this.o.id);
    if (!session || session.token.serial !== request.token.serial) throw protocolError('NOT_LOGGED_IN');
    // One batch at a time on a login: a second would share the PKCS#11 session, and the end
    // of one would log out the other in the middle of its C_Sign.
    if (batches.isRunning(request.batchId) || this.runningBatches.size > 0) throw protocolError('BATCH_BUSY');
    this.runningBatches.add(request.batchId);
    try {
      const result = await batches.signPart(request, {
        pairingId: this.pairingId,
        session,
        chain: this.o.chain ?? [],
        emit: async (event) => {
          tokens.touch();
          link.send({ type: 'progress', ...event });
          await this.drain();
        },
      });
      // One login per batch: the PIN's effect ends with the batch (or with the connection).
      if (result.batch === 'closed' || link.isClosed())
        this.endLogin(link.isClosed() ? 'disconnected' : 'batch finished');
      link.send({ type: 'sign.result', id: request.id, batchId: request.batchId, ...result });
    } finally {
      this.runningBatches.delete(request.batchId);
    }
  }

  /** Ends this connection's login, if it holds one, and audits it. */
  private endLogin(reason: string): boolean {
    const session = this.o.tokens.sessionOf(this.o.id);
    const ended = this.o.tokens.logout(reason, this.o.id);
    // A full disk must not turn the batch's answer into an internal error: the log says why.
    if (
      ended &&
      !tryWrite(() =>
        this.o.audit.append({
          event: 'logout',
          pairingId: this.pairingId,
          serial: session?.token.serial ?? '',
          reason,
        }),
      )
    )
      this.o.log.warn('logout not written to the audit log (data folder not writable)', { reason });
    return ended;
  }

  /** Waits while the browser has not read what we sent (a 1,000-document batch is large). */
  private async drain(): Promise<void> {
    while (!this.link.isClosed() && this.o.ws.bufferedAmount > HIGH_WATER_BYTES)
      await new Promise((r) => setTimeout(r, 20));
  }
}
