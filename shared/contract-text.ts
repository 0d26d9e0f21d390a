/**
 * The schema of a text in both interface languages, for contract outputs that carry words a
 * person reads (import problems, warnings). Each door shows one of the two.
 */
import { z } from 'zod';

/** A {@link LocalText} on the wire. */
export const localTextSchema = z.object({ vi: z.string(), en: z.string() });

/** The formats a table export offers: CSV (for other tools and re-import) and XLSX (for people). */
export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
/** See {@link TABLE_FORMATS}. */
export type TableFormat = (typeof TABLE_FORMATS)[number];

/**
 * An exported file: `text` for text formats (CSV, GeoJSON); a binary one (XLSX) has `text` empty
 * and its bytes in `dataBase64`.
 */
export const exportedFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  text: z.string(),
  dataBase64: z.string().optional(),
});
/** See {@link exportedFileSchema}. */
export type ExportedFile = z.infer<typeof exportedFileSchema>;
