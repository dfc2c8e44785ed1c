/**
 * Where a finding is, as the toolbar lists it on a class page: the rules name the place
 * from the record ("Năm học 2025-2026, lớp 4A, Toán, mức đạt được"), but on the page of
 * that very class and year the head says nothing the teacher does not see already, on
 * every line. It is dropped for the page's own year; a finding about an earlier year keeps
 * its year and class, which are then the point.
 */
import type { Bilingual } from '@hocba/shared/errors';

export function placeOnPage(where: Bilingual, year: { schoolYear: string; className: string }): Bilingual {
  // What is left starts the line: "phẩm chất Nhân ái" reads "Phẩm chất Nhân ái".
  const strip = (text: string, head: string) => {
    if (!text.startsWith(head) || text.length === head.length) return text;
    const rest = text.slice(head.length);
    return rest.charAt(0).toLocaleUpperCase('vi') + rest.slice(1);
  };
  return {
    vi: strip(where.vi, `Năm học ${year.schoolYear}, lớp ${year.className}, `),
    en: strip(where.en, `School year ${year.schoolYear}, class ${year.className}, `),
  };
}
