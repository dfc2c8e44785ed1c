/**
 * What the rest of the extension shows about the companion ("sẵn sàng", "chưa ghép nối",
 * "không chạy"): a short authenticated connection asking `status`, cached for the session.
 */
import { isHocbaError } from '@hocba/shared/errors';
import type { StatusResult } from '@hocba/shared/protocol';
import browser from 'webextension-polyfill';
import { CompanionClient } from '../companion/client.js';

export type CompanionState =
  | { state: 'ready'; status: StatusResult; checkedAt: string }
  | { state: 'unavailable'; error: { code: string; message: { vi: string; en: string } }; checkedAt: string };

export async function probeCompanion(): Promise<CompanionState> {
  const checkedAt = new Date().toISOString();
  let result: CompanionState;
  let client: CompanionClient | undefined;
  try {
    client = await CompanionClient.connect();
    const status = (await client.request({ type: 'status' })) as StatusResult;
    result = { state: 'ready', status, checkedAt };
  } catch (error) {
    const info = isHocbaError(error)
      ? { code: error.code, message: { vi: error.vi, en: error.en } }
      : { code: 'INTERNAL', message: { vi: String(error), en: String(error) } };
    result = { state: 'unavailable', error: info, checkedAt };
  } finally {
    client?.close();
  }
  await browser.storage.session?.set({ companionState: result }).catch(() => undefined);
  return result;
}
