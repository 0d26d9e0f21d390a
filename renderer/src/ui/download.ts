/** Saving files the engine exports (text or binary) through the browser's download. */
import type { ExportedFile } from '../../../shared/contract-text';

/** Saves a blob under `fileName` (an <a download> click: the browser host and Electron both handle it). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after the click handler returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The bytes of base64 text. */
export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Saves an exported file: its text (CSV, GeoJSON) or, for a binary one (XLSX), its bytes. */
export function downloadExport(file: ExportedFile): void {
  const data = file.dataBase64 === undefined ? file.text : base64ToBytes(file.dataBase64);
  downloadBlob(new Blob([data], { type: file.mimeType }), file.fileName);
}
