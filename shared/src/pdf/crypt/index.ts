/**
 * PDF decryption for readers (ISO 32000-1 §7.6): the standard security handler opened with
 * the empty user password (standard.ts) and the per-object decryption of strings and streams.
 * Synchronous pure TypeScript (md5.ts, rc4.ts, aes.ts, sha2.ts): it runs while a file is read,
 * in the verify page offline as in Node.
 */
import { pdfAesDecrypt } from './aes.js';
import { rc4 } from './rc4.js';
import { type CryptMethod, type FileKey, objectKey } from './standard.js';

export type { CryptMethod, CryptRefusal, EncryptParams, FileKey } from './standard.js';
export { openWithEmptyPassword } from './standard.js';

/** Decrypts one object's strings and streams with the file key. Never throws on damaged data. */
export class Decryptor {
  constructor(readonly file: FileKey) {}

  private run(method: CryptMethod, num: number, gen: number, data: Uint8Array): Uint8Array {
    if (method === 'none') return data;
    const key = objectKey(this.file.key, method, num, gen);
    return method === 'rc4' ? rc4(key, data) : pdfAesDecrypt(key, data).data;
  }

  string(num: number, gen: number, data: Uint8Array): Uint8Array {
    return this.run(this.file.strings, num, gen, data);
  }

  /**
   * A stream's data before its filters. `cryptFilter` is the name a /Crypt stream filter gives
   * (ISO 32000-1 §7.4.10; Identity when unnamed), undefined without one; a name the /CF does
   * not define returns undefined (the stream cannot be read).
   */
  stream(num: number, gen: number, data: Uint8Array, cryptFilter?: string): Uint8Array | undefined {
    const method = cryptFilter === undefined ? this.file.streams : this.file.named.get(cryptFilter);
    return method === undefined ? undefined : this.run(method, num, gen, data);
  }
}
