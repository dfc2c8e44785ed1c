/**
 * A new /FT /Sig field listed in the form: allowed, its appearance is the new signature's
 * (its widget on the page is judged by the signature-widget rule); what it holds is judged by
 * the signature-value rule.
 */
import type { Rule } from '../change.js';
import { reachable } from '../compare.js';
import { fieldActions } from './field-actions.js';
import type { FieldInUpdate } from './field-in-update.js';
import { signatureValue } from './signature-value.js';

export const signatureFieldCreation: Rule<FieldInUpdate> = {
  name: 'signature-field-creation',
  check(subject) {
    const { u, field } = subject;
    u.newSigFields.add(field.num);
    reachable(u.after, field.dict.entries.get('AP'), u.sigAppearances);
    u.apply(fieldActions, subject);
    u.apply(signatureValue, subject);
  },
};
