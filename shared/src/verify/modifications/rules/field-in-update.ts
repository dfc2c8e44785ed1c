/**
 * What the form-fields rule hands each field rule: its own file so the field rules and the
 * rule that dispatches to them do not import each other.
 */
import type { FieldNode } from '../fields.js';
import type { Update } from '../update.js';

/** One field as the update leaves it, with what it was before (none when new). */
export interface FieldInUpdate {
  u: Update;
  field: FieldNode;
  old: FieldNode | undefined;
  /** `#num` for a field with no name. */
  label: string;
}
