/** Valid records from the shared generator (seeded, no planted defects), for batch tests. */
import { generateClass } from '@hocba/shared/generator';

export function validRecords(count: number, seed = 1): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let k = 0; out.length < count; k++) {
    const { records } = generateClass({
      seed: seed * 1000 + k,
      grade: 5,
      size: 35,
      defectRate: 0,
      className: `5A${k}`,
    });
    out.push(...(records as unknown as Record<string, unknown>[]));
  }
  return out.slice(0, count);
}
