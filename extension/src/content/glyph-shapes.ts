/**
 * Digits drawn by a web font the page supplies, told apart by their shapes (red team, round
 * six): a font whose "7" draws the outline of a "1" shows "17" where the cell reads "71", and
 * no style says so. Each digit of a cell is drawn on a canvas in the cell's font and in the
 * browser's own fonts (sans-serif, serif, monospace), cut to its ink, scaled by its height to
 * a small grid, and matched with the nearest of the reference digits: a digit nearest another
 * digit is drawn as that digit. Pages draw their whole UI in web fonts, so a web font alone is
 * no sign; this check catches a font drawing one digit as another's usual shape. A glyph drawn
 * to sit between two shapes, and letters, stay limits (docs/security.md).
 *
 * Bounded: only digits, each (font, digit) drawn once per check, the references once per
 * weight, and at most MAX_DRAWS digits drawn per check: a page giving every cell a font of its
 * own gets its later cells not judged, so flagged.
 */
import { whenCheckEnds } from './check-budget.js';

/** Grid the ink is scaled to (rows; columns at most the same). */
const GRID = 16;
/** Canvas font size (px) digits are drawn at. */
const SIZE = 48;
const WIDTH = SIZE * 2;
const HEIGHT = SIZE * 2;
/** Alpha from which a canvas pixel is ink. */
const INK = 96;
/** Digits drawn per check at most (a class of 50 rows in two or three fonts draws some 30). */
const MAX_DRAWS = 300;

/**
 * The ink of an alpha bitmap (`width` × `height`, row-major), cut to its bounding box and
 * scaled by its height to GRID rows (its width in proportion, centred in GRID columns), each
 * grid cell the share of ink in it; null when nothing is drawn.
 */
export function normalizedInk(alpha: ArrayLike<number>, width: number, height: number): Float32Array | null {
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if ((alpha[y * width + x] ?? 0) >= INK) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
  if (bottom < 0) return null;
  const inkHeight = bottom - top + 1;
  const inkWidth = right - left + 1;
  const scale = GRID / inkHeight;
  const columns = Math.max(1, Math.min(GRID, Math.round(inkWidth * scale)));
  const offset = Math.floor((GRID - columns) / 2);
  const shape = new Float32Array(GRID * GRID);
  const counts = new Float32Array(GRID * GRID);
  for (let y = top; y <= bottom; y++)
    for (let x = left; x <= right; x++) {
      const gy = Math.min(GRID - 1, Math.floor((y - top) * scale));
      const gx = offset + Math.min(columns - 1, Math.floor(((x - left) / inkWidth) * columns));
      const i = gy * GRID + gx;
      counts[i] = (counts[i] ?? 0) + 1;
      if ((alpha[y * width + x] ?? 0) >= INK) shape[i] = (shape[i] ?? 0) + 1;
    }
  for (let i = 0; i < shape.length; i++)
    if ((counts[i] ?? 0) > 0) shape[i] = (shape[i] ?? 0) / (counts[i] ?? 1);
  return shape;
}

export interface ReferenceShape {
  char: string;
  shape: Float32Array;
}

/** The character of the reference shape nearest `shape` (sum of squared differences). */
export function nearestChar(shape: Float32Array, references: readonly ReferenceShape[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const reference of references) {
    let distance = 0;
    for (let i = 0; i < shape.length; i++) {
      const d = (shape[i] ?? 0) - (reference.shape[i] ?? 0);
      distance += d * d;
    }
    if (distance < bestDistance) {
      bestDistance = distance;
      best = reference.char;
    }
  }
  return best;
}

const DIGITS = '0123456789';
const REFERENCE_FONTS = ['sans-serif', 'serif', 'monospace'];

let canvas: CanvasRenderingContext2D | null | undefined;

function draw(font: string, char: string): Float32Array | null {
  canvas ??= Object.assign(document.createElement('canvas'), { width: WIDTH, height: HEIGHT }).getContext(
    '2d',
    {
      willReadFrequently: true,
    },
  );
  if (!canvas) return null;
  canvas.clearRect(0, 0, WIDTH, HEIGHT);
  canvas.font = font;
  canvas.fillStyle = '#000';
  canvas.textBaseline = 'alphabetic';
  canvas.fillText(char, SIZE / 4, SIZE * 1.4);
  const { data } = canvas.getImageData(0, 0, WIDTH, HEIGHT);
  const alpha = new Uint8ClampedArray(WIDTH * HEIGHT);
  for (let i = 0; i < alpha.length; i++) alpha[i] = data[i * 4 + 3] ?? 0;
  return normalizedInk(alpha, WIDTH, HEIGHT);
}

/** The browser's own digits, per weight and style (kept: they do not depend on the page). */
const references = new Map<string, ReferenceShape[]>();

function referencesFor(style: string, weight: string): ReferenceShape[] {
  const key = `${style} ${weight}`;
  let shapes = references.get(key);
  if (!shapes) {
    shapes = [];
    for (const family of REFERENCE_FONTS)
      for (const char of DIGITS) {
        const shape = draw(`${style} ${weight} ${SIZE}px ${family}`, char);
        if (shape) shapes.push({ char, shape });
      }
    references.set(key, shapes);
  }
  return shapes;
}

/** Per check: which (font, digit) draws another digit, and the families the page's loaded web fonts have. */
let judged: Map<string, boolean> | null = null;
let draws = 0;
let webFamilies: Set<string> | null = null;

const unquoted = (family: string) =>
  family
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();

/** The families of the page's loaded web fonts; null when the browser does not list them (all fonts judged). */
function loadedWebFamilies(): Set<string> | null {
  if (webFamilies) return webFamilies;
  try {
    const families = new Set<string>();
    document.fonts.forEach((face) => {
      if (face.status === 'loaded') families.add(unquoted(face.family));
    });
    webFamilies = families;
  } catch {
    return null;
  }
  whenCheckEnds(() => {
    webFamilies = null;
  });
  return webFamilies;
}

/**
 * Whether a digit of `text`, drawn in the computed font of `style`, is drawn as another digit:
 * only when the font names a web font the page loaded (every font when the browser cannot list
 * them); 'NOT_JUDGED' past the check's bound.
 */
export function digitsDrawnOtherwise(style: CSSStyleDeclaration, text: string): boolean | 'NOT_JUDGED' {
  const digits = new Set(text.match(/[0-9]/g) ?? []);
  if (digits.size === 0) return false;
  const families = loadedWebFamilies();
  if (families && !style.fontFamily.split(',').some((family) => families.has(unquoted(family)))) return false;
  if (!judged) {
    judged = new Map();
    draws = 0;
    whenCheckEnds(() => {
      judged = null;
    });
  }
  const font = `${style.fontStyle} ${style.fontWeight} ${SIZE}px ${style.fontFamily}`;
  const refs = referencesFor(style.fontStyle, style.fontWeight);
  for (const digit of digits) {
    const key = `${font}\n${digit}`;
    let other = judged.get(key);
    if (other === undefined) {
      if (++draws > MAX_DRAWS) return 'NOT_JUDGED';
      const shape = draw(font, digit);
      other = shape !== null && refs.length > 0 && nearestChar(shape, refs) !== digit;
      judged.set(key, other);
    }
    if (other) return true;
  }
  return false;
}
