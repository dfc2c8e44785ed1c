/**
 * Flate decoding with an output cap. fflate's `unzlibSync` has no cap: 136 KB of crafted
 * input can ask for gigabytes. Here the input goes to a streaming `Unzlib` in small slices,
 * so each step can grow the output by at most ~1,032× a slice, and decoding stops as soon
 * as the output passes the cap.
 */
import { Unzlib, unzlibSync } from 'fflate';

/** The most one stream may inflate to. */
export const MAX_INFLATED_STREAM = 64 * 1024 * 1024;
/** Flate's best ratio: one input byte never becomes more than this many output bytes. */
const MAX_RATIO = 1032;
/** Input slice: at most ~4 MiB of output per step. */
const SLICE = 4 * 1024;

export class InflateLimitError extends Error {
  override readonly name = 'InflateLimitError';
  constructor(readonly limit: number) {
    super(`inflates to more than ${limit} bytes`);
  }
}

/**
 * What a whole document may inflate to, across its streams (a file of many
 * 60 MiB streams is as much a bomb as one 5 GB stream).
 */
export class InflateBudget {
  constructor(public remaining: number) {}
  static forFile(length: number): InflateBudget {
    // Generous for real files (content, fonts, images are rarely 10× their packed size in
    // xref/object/content streams), never unbounded.
    return new InflateBudget(Math.max(MAX_INFLATED_STREAM, Math.min(length * 64, 512 * 1024 * 1024)));
  }
}

/** Inflates zlib data, throwing InflateLimitError past `cap` (and the budget, if given). */
export function inflateCapped(
  data: Uint8Array,
  cap = MAX_INFLATED_STREAM,
  budget?: InflateBudget,
): Uint8Array {
  const limit = Math.max(0, Math.min(cap, budget?.remaining ?? cap));
  if (data.length * MAX_RATIO <= limit) {
    // Cannot pass the limit: one call, exactly as before.
    const out = unzlibSync(data);
    if (budget) budget.remaining -= out.length;
    return out;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Unzlib((chunk) => {
    total += chunk.length;
    if (total > limit) throw new InflateLimitError(limit);
    chunks.push(chunk);
  });
  for (let at = 0; at < data.length; at += SLICE) {
    const end = Math.min(at + SLICE, data.length);
    stream.push(data.subarray(at, end), end === data.length);
  }
  if (budget) budget.remaining -= total;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
