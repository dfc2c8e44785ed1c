/**
 * Letters of another alphabet that look like Latin ones, in a signer's name, title or school
 * (red team, session 12): "Trần Văn Мinh" with a Cyrillic М reads as the principal's name to a
 * person, and pdfsig and pyHanko show it as it is. Vietnamese names, titles and school names are
 * written in Latin letters (with their diacritics), so a Cyrillic or Greek letter in one is never
 * innocent; the verdict warns and names the alphabet.
 */
const ALPHABETS: [RegExp, { vi: string; en: string }][] = [
  [/\p{Script=Cyrillic}/u, { vi: 'Kirin', en: 'Cyrillic' }],
  [/\p{Script=Greek}/u, { vi: 'Hy Lạp', en: 'Greek' }],
  [/\p{Script=Armenian}/u, { vi: 'Armenia', en: 'Armenian' }],
  [/\p{Script=Cherokee}/u, { vi: 'Cherokee', en: 'Cherokee' }],
];

/** The other alphabet a Latin-script text borrows letters from, or undefined. */
export function lookalikeAlphabet(text: string | null | undefined): { vi: string; en: string } | undefined {
  if (!text || !/\p{Script=Latin}/u.test(text)) return undefined;
  return ALPHABETS.find(([letters]) => letters.test(text))?.[1];
}
