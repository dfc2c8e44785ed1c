/**
 * New objects nothing refers to: harmless to what is shown, but reported, since a later update
 * could bring them in (that update is then judged on its own).
 */
import { dictOf, isName } from '../../document/objects.js';
import type { Rule } from '../change.js';
import { refsIn } from '../compare.js';
import type { Update } from '../update.js';

export const unreferenced: Rule<Update> = {
  name: 'unreferenced',
  check(u, add) {
    const { fresh, after } = u;
    if (fresh.size === 0) return;
    const reached = new Set<number>();
    const queue: number[] = [];
    const trailer = u.doc.revisions[u.revision]?.trailer;
    if (trailer) refsIn(trailer, queue);
    for (const n of u.changed) refsIn(after.object(n)?.value, queue);
    while (queue.length > 0) {
      const n = queue.pop() as number;
      if (!fresh.has(n) || reached.has(n)) continue;
      reached.add(n);
      refsIn(after.object(n)?.value, queue);
    }
    const orphans = [...fresh].filter((n) => {
      if (reached.has(n)) return false;
      const t = dictOf(after.object(n)?.value)?.entries.get('Type');
      return !isName(t, 'XRef') && !isName(t, 'ObjStm');
    });
    if (orphans.length > 0)
      add(
        'UNREFERENCED',
        'ALLOWED',
        `${orphans.length} new objects nothing refers to: ${orphans.slice(0, 10).join(', ')}`,
        {
          vi: `${orphans.length} đối tượng mới không được dùng ở đâu (không hiển thị)`,
          en: `${orphans.length} new objects that nothing uses (not shown)`,
        },
      );
  },
};
