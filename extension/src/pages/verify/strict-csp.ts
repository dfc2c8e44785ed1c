/**
 * The standalone page's CSP forbids eval. zod (the record schemas in @hocba/shared) probes
 * `Function('')` to decide whether to compile validators, and each probe is a CSP violation
 * report; jitless mode validates the same without probing. Imported first, before any
 * module builds a schema.
 */
import { z } from 'zod';

z.config({ jitless: true });
