/**
 * The last line of defence: an exception or rejection nobody caught is logged and the
 * companion keeps serving. Node would otherwise exit, and a dead companion frees its port
 * for any local program to squat. Every known path answers its own typed error first (the
 * connection queue, request handlers, the batch signer); reaching this handler is a bug to
 * fix, which is why it logs the stack.
 *
 * A storm of them (a bug hit in a loop) is logged in a bounded way: the first few in each
 * minute in full, then one count per minute.
 */
import type { Logger } from '../log/index.js';

const FULL_ENTRIES_PER_MINUTE = 10;

export interface LastResort {
  /** How many were caught since install (for tests and `hocba doctor`). */
  readonly caught: number;
  uninstall(): void;
}

export function installLastResort(log: Logger, now: () => number = Date.now): LastResort {
  let caught = 0;
  let minuteStart = now();
  let inMinute = 0;
  const report = (kind: 'uncaughtException' | 'unhandledRejection', error: unknown) => {
    caught++;
    const t = now();
    if (t - minuteStart >= 60_000) {
      if (inMinute > FULL_ENTRIES_PER_MINUTE)
        log.error('uncaught errors not logged in full', { count: inMinute - FULL_ENTRIES_PER_MINUTE });
      minuteStart = t;
      inMinute = 0;
    }
    inMinute++;
    if (inMinute > FULL_ENTRIES_PER_MINUTE) return;
    try {
      log.error('uncaught error; the companion keeps serving', {
        kind,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        stack: error instanceof Error ? error.stack?.split('\n').slice(0, 8).join(' | ') : undefined,
      });
    } catch {
      // The log itself failed (disk full): nothing safer to do than carry on.
    }
  };
  const onException = (error: unknown) => report('uncaughtException', error);
  const onRejection = (reason: unknown) => report('unhandledRejection', reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    get caught() {
      return caught;
    },
    uninstall() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}
