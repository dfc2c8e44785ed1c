/** Types for trace-events.mjs (tested in extension/test/page-load-trace.test.ts). */
export interface TracedLoad {
  url: string;
  loadAt: number;
  cpuToLoad: number;
  processCpuToLoad: number;
  /** The part of cpuToLoad in style, layout and paint. */
  renderCpuToLoad: number;
  /** The part of cpuToLoad before the task of the new document's first parse (the previous document's). */
  cpuBeforeParse: number;
}
export function tracedLoads(trace: unknown): TracedLoad[];
export function loadBreakdown(trace: unknown): {
  loads: (TracedLoad & { cpuAfter: number; toLoad: Record<string, { cpu: number; count: number }> })[];
  otherThreads: Record<string, number>;
};
