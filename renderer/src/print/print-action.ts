/**
 * The renderer's "Print / PDF" action for any print page: a PDF through the door (Electron's
 * hidden window, or the browser host's Chromium) saved under `fileName`; where the host has no
 * browser to print with, the print page opens in a new tab with the browser's print dialog.
 */
import { printHash, type PrintRequest } from '../../../shared/print';
import { printOverDoor } from '../api';
import { downloadBlob } from '../ui/download';

/** What happened: a PDF was saved, or the print dialog was opened instead. */
export type PrintOutcome = 'pdf' | 'dialog';

/** Prints `req` to a PDF named `fileName`, or falls back to the print dialog. */
export async function printToPdf(req: PrintRequest, fileName: string): Promise<PrintOutcome> {
  const pdf = await printOverDoor(req);
  if (pdf) {
    downloadBlob(pdf, fileName);
    return 'pdf';
  }
  openPrintDialog(req);
  return 'dialog';
}

/** Opens the print page in a new tab, which opens the browser's print dialog once ready. */
export function openPrintDialog(req: PrintRequest): void {
  const hash = printHash({ ...req, params: { ...req.params, autoprint: '1' } });
  const opened = window.open(`${window.location.pathname}${hash}`, '_blank');
  if (!opened) throw new Error('popup blocked');
}
