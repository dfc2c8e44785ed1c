/**
 * The engine `hocba serve` signs with: the shared PDF engine (render + PAdES), wired in
 * once the `pdf` branch lands. Until then every document fails with a clear error.
 */
import { defineErrors } from '@hocba/shared/errors';
import type { SigningEngine } from './engine.js';

const engineError = defineErrors({
  ENGINE_UNAVAILABLE: {
    vi: 'Bộ ký PDF chưa có trong bản này của chương trình ký.',
    en: 'The PDF signing engine is not in this build of the companion.',
  },
});

export async function defaultEngine(): Promise<SigningEngine> {
  return {
    renderRecord: async () => {
      throw engineError('ENGINE_UNAVAILABLE');
    },
    sign: async () => {
      throw engineError('ENGINE_UNAVAILABLE');
    },
  };
}
