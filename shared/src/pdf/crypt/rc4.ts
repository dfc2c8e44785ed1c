/** RC4 (ISO 32000-1 §7.6.2, the cipher of /V 1–2 and crypt filter /V2): encryption and decryption are one. */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 255;
    const t = s[i] as number;
    s[i] = s[j] as number;
    s[j] = t;
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + (s[i] as number)) & 255;
    const t = s[i] as number;
    s[i] = s[j] as number;
    s[j] = t;
    out[k] = (data[k] as number) ^ (s[((s[i] as number) + t) & 255] as number);
  }
  return out;
}
