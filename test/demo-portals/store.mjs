/**
 * The demo portals' state: one JSON file per portal in a data folder, written atomically
 * (temp + rename), so edits survive a restart and a crash never leaves half a file.
 * `reset()` regenerates the classes from the seed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClass } from '@hocba/shared/generator';

/** The classes every demo school has: one per grade 3, 4, 5 (35 students each). */
export const DEMO_CLASSES = [
  { id: '3a', grade: 3, seed: 301 },
  { id: '4a', grade: 4, seed: 401 },
  { id: '5a', grade: 5, seed: 501 },
];

export function freshState(seed = 0, size = 35, defectRate = 0.2) {
  const classes = DEMO_CLASSES.map((c) => {
    const generated = generateClass({ seed: c.seed + seed, grade: c.grade, size, defectRate });
    return {
      id: c.id,
      name: generated.className,
      grade: c.grade,
      schoolYear: generated.schoolYear,
      homeroomTeacher: generated.homeroomTeacher,
      records: generated.records,
      defects: generated.defects,
    };
  });
  return { version: 1, classes, signed: {} };
}

export class PortalStore {
  /** @param {string} dir @param {string} name */
  constructor(dir, name, options = {}) {
    this.file = join(dir, `${name}.json`);
    this.options = options;
    mkdirSync(dir, { recursive: true });
    this.state = existsSync(this.file) ? JSON.parse(readFileSync(this.file, 'utf8')) : this.reset();
  }

  reset() {
    this.state = freshState(this.options.seed ?? 0, this.options.size ?? 35, this.options.defectRate ?? 0.2);
    rmSync(`${this.file}.signed`, { recursive: true, force: true });
    this.save();
    return this.state;
  }

  save() {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }

  classById(id) {
    return this.state.classes.find((c) => c.id === id);
  }

  findStudent(recordId) {
    for (const cls of this.state.classes) {
      const record = cls.records.find((r) => r.recordId === recordId);
      if (record) return { cls, record };
    }
    return undefined;
  }

  /** Stores a signed PDF the portal accepted (portal A's upload). */
  storeSigned(recordId, pdf, report) {
    const dir = `${this.file}.signed`;
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${recordId}.pdf`);
    writeFileSync(`${path}.tmp`, pdf);
    renameSync(`${path}.tmp`, path);
    this.state.signed[recordId] = {
      at: new Date().toISOString(),
      signers: report.signatures.map((s) => ({ name: s.signer?.name ?? null, role: s.role })),
    };
    this.save();
  }

  signedPdf(recordId) {
    const path = join(`${this.file}.signed`, `${recordId}.pdf`);
    return existsSync(path) ? readFileSync(path) : undefined;
  }
}
