/**
 * Before the proof: the challenge's nonce, the `auth` proof of a pairing secret, and the
 * pairing exchange (`pair.start`, `pair.confirm`) that makes a new secret from a code shown
 * by `hocba pair`. Every refusal here ends the connection.
 */
import type { HocbaError } from '@hocba/shared/errors';
import {
  type AuthMessage,
  computeClientProof,
  computeServerProof,
  type EphemeralKey,
  ephemeralKey,
  type PairConfirmMessage,
  type PairingHintCode,
  type PairingTranscript,
  type PairStartMessage,
  type PreAuthMessage,
  pairingProof,
  pairingRefusal,
  pairingSecret,
  proofsEqual,
  protocolError,
  randomToken,
} from '@hocba/shared/protocol';
import { hocbaCommand } from '../../deploy/command-name.js';
import type { PairingWindow } from '../../pairing/index.js';
import type { PreAuthLink } from './options.js';

/** A pairing exchange between `pair.start` and `pair.confirm`. */
interface PairingInProgress {
  window: PairingWindow;
  k: Uint8Array;
  own: EphemeralKey;
  transcript: PairingTranscript;
  label: string | undefined;
}

export class PreAuth {
  /** The challenge's nonce: every proof on this connection is bound to it. */
  readonly nonce = randomToken();
  private pairing: PairingInProgress | undefined;

  constructor(private readonly link: PreAuthLink) {}

  private get o() {
    return this.link.options;
  }

  onMessage(message: PreAuthMessage): Promise<void> {
    if (message.type === 'auth') return this.onAuth(message);
    if (message.type === 'pair.start') return this.onPairStart(message);
    return this.onPairConfirm(message);
  }

  /** A pairing refusal whose hint names this PC's command (hocba.cmd on Windows). */
  private pairingRefusal(code: PairingHintCode): HocbaError {
    return pairingRefusal(code, this.o.hocbaCommand ?? hocbaCommand());
  }

  private async onAuth(message: AuthMessage): Promise<void> {
    const { link } = this;
    if (this.pairing)
      return link.refuse(message.id, protocolError('PAIRING_OUT_OF_ORDER'), 'pairing refused');
    const pairing = this.o.pairings.findById(message.pairingId);
    const input = {
      secret: pairing?.secret ?? randomToken(),
      origin: this.o.origin,
      pairingId: message.pairingId,
      nonce: this.nonce,
      clientNonce: message.clientNonce,
    };
    const expected = await computeClientProof(input);
    // The pairing must belong to this very origin: one extension cannot use another's secret.
    if (!pairing || pairing.origin !== this.o.origin || !proofsEqual(expected, message.proof)) {
      this.o.failures.add(this.o.origin, pairing ? 'proof' : 'unknown pairing');
      return link.refuse(message.id, this.pairingRefusal('AUTH_FAILED'), 'authentication failed');
    }
    if (link.isClosed()) return;
    if (!this.o.admit())
      return link.refuse(message.id, protocolError('TOO_MANY_CONNECTIONS'), 'too many connections');
    link.authenticated(pairing.id);
    this.o.log.info('extension authenticated', { origin: this.o.origin, pairingId: pairing.id });
    link.send({
      type: 'auth.result',
      id: message.id,
      status: 'authenticated',
      pairingId: pairing.id,
      serverProof: await computeServerProof(input),
    });
  }

  /** Pairing, step 1: the companion proves it knows the code (the extension has revealed nothing). */
  private async onPairStart(message: PairStartMessage): Promise<void> {
    const { link } = this;
    if (this.pairing)
      return link.refuse(message.id, protocolError('PAIRING_OUT_OF_ORDER'), 'pairing refused');
    const { pairings, origin } = this.o;
    const attempt = pairings.checkAttempt(origin);
    if (attempt !== 'allowed')
      return link.refuse(
        message.id,
        this.pairingRefusal(attempt === 'closed' ? 'PAIRING_NOT_OPEN' : 'PAIRING_TOO_MANY_ATTEMPTS'),
        'pairing refused',
      );
    const window = pairings.window()!;
    link.armDeadline(this.o.pairingDeadlineMs);
    const [k, own] = await Promise.all([pairings.windowKey(window), ephemeralKey()]);
    const transcript: PairingTranscript = {
      origin,
      nonce: this.nonce,
      clientNonce: message.clientNonce,
      clientKey: message.clientKey,
      serverKey: own.publicKey,
      salt: window.salt,
      iterations: window.iterations,
    };
    this.pairing = { window, k, own, transcript, label: message.label };
    link.send({
      type: 'pair.challenge',
      id: message.id,
      salt: window.salt,
      iterations: window.iterations,
      serverKey: own.publicKey,
      serverProof: await pairingProof(k, 'server', transcript),
    });
  }

  /** Pairing, step 2: the extension's proof; then both derive the secret, which never crosses. */
  private async onPairConfirm(message: PairConfirmMessage): Promise<void> {
    const { link } = this;
    const state = this.pairing;
    this.pairing = undefined;
    if (!state) return link.refuse(message.id, protocolError('PAIRING_OUT_OF_ORDER'), 'pairing refused');
    const { pairings, origin } = this.o;
    const expected = await pairingProof(state.k, 'client', state.transcript);
    if (!proofsEqual(expected, message.proof)) {
      pairings.recordFailure(state.window, origin);
      this.o.failures.add(origin, 'pairing proof');
      return link.refuse(message.id, this.pairingRefusal('PAIRING_CODE_INVALID'), 'pairing refused');
    }
    let secret: string;
    try {
      secret = await pairingSecret(state.k, state.own, state.transcript.clientKey, state.transcript);
    } catch {
      // Not a point on the curve: the proof was right, so this is a broken client, not a guess.
      return link.refuse(message.id, protocolError('PAIRING_OUT_OF_ORDER'), 'pairing refused');
    }
    // One code, one extension: the first to finish consumes the window.
    if (!pairings.consumeWindow(state.window.salt))
      return link.refuse(message.id, this.pairingRefusal('PAIRING_NOT_OPEN'), 'pairing refused');
    const pairing = pairings.add(origin, state.label, new Date(), secret);
    this.o.audit.append({
      event: 'pairing.created',
      pairingId: pairing.id,
      origin: pairing.origin,
      source: 'code',
      ...(pairing.label ? { label: pairing.label } : {}),
    });
    this.o.log.info('extension paired', { origin: pairing.origin, pairingId: pairing.id });
    // The extension proves the derived secret with an ordinary `auth`, on this connection.
    link.armDeadline(this.o.proofDeadlineMs);
    link.send({ type: 'pair.result', id: message.id, status: 'paired', pairingId: pairing.id });
  }
}
