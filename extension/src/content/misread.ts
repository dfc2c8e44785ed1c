/** Why a cell may show a person something other than what was read (shown-cells.ts judges it). */
import type { TextTrick } from './text-tricks.js';

export type MisreadReason =
  | 'ROW_HIDDEN'
  | 'HIDDEN_TEXT'
  | 'GENERATED_TEXT'
  | 'REORDERED_TEXT'
  | 'SHADOW_CONTENT'
  | 'CLIPPED_TEXT'
  | 'CONTROL_HIDES_VALUE'
  | 'TURNED_TEXT'
  | 'PILED_TEXT'
  | 'RECASED_TEXT'
  | 'COVERED_TEXT'
  | 'CHANGED_SINCE_READ'
  | 'NOT_JUDGED'
  | TextTrick;

export interface Misread {
  /** The cell's key in `row.cells` ('name' for the row itself). */
  key: string;
  cell: HTMLElement;
  reason: MisreadReason;
}

/** Bounds: a cell of thousands of nodes is judged on its first ones, and flagged. */
export const MAX_NODES = 400;
