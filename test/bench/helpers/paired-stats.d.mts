/** Types for paired-stats.mjs (tested in extension/test/page-load-stats.test.ts). */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}
export function walshAverages(values: readonly number[]): number[];
export function hodgesLehmann(values: readonly number[]): Interval;
export function medianWithInterval(values: readonly number[]): Interval;
export function pairedRatio(
  a: readonly number[],
  b: readonly number[],
): { pairs: number; hl: Interval; median: Interval };
export function blockedRatio(
  a: readonly number[],
  b: readonly number[],
  block: readonly number[],
): { blocks: number; pairs: number; perBlock: number[]; hl: Interval };
export function geometricMeans(a: readonly number[], b: readonly number[]): number[];
export function judge(interval: Interval, limit: number): { met: boolean; word: string };
export function resolves(interval: Interval, within?: number): boolean;
export function formatRatio(r: Interval): string;
