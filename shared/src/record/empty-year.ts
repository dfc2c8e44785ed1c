import type { SchoolYearRecord } from './schema.js';

/** What is known of a year before anything is rated: who, when, and optionally the measurements. */
export type SchoolYearHead = Pick<
  SchoolYearRecord,
  'schoolYear' | 'grade' | 'className' | 'homeroomTeacher'
> &
  Partial<Pick<SchoolYearRecord, 'heightCm' | 'weightKg' | 'daysAbsent'>>;

/**
 * A school year with nothing rated and every signature pending: the one starting point for
 * a year read off a portal page and a year the generator fills in. Key order follows the
 * schema, so a record built from it serialises the same whoever built it.
 */
export function emptySchoolYear(head: SchoolYearHead): SchoolYearRecord {
  return {
    ...head,
    subjects: [],
    qualities: [],
    competences: [],
    rating: null,
    awards: [],
    completion: null,
    promotion: null,
    reassessment: null,
    signatures: {
      gvcn: { name: null, status: 'pending', signedAt: null },
      principal: { name: null, status: 'pending', signedAt: null },
      seal: { name: null, status: 'pending', signedAt: null },
    },
  };
}
