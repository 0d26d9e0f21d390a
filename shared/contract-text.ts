/**
 * The schema of a text in both interface languages, for contract outputs that carry words a
 * person reads (import problems, warnings). Each door shows one of the two.
 */
import { z } from 'zod';

/** A {@link LocalText} on the wire. */
export const localTextSchema = z.object({ vi: z.string(), en: z.string() });
