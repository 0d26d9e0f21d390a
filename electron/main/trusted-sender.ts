import { isAppUrl } from './app-origin';

/** What main knows about who sent an IPC message (from `IpcMainInvokeEvent`). */
export interface SenderInfo {
  /** `event.sender.id`. */
  readonly webContentsId: number;
  /** `event.senderFrame?.url`; null when the frame is gone (navigated away or destroyed). */
  readonly frameUrl: string | null;
  /** True when the sending frame is the top frame (`senderFrame.parent === null`). */
  readonly isTopFrame: boolean;
}

/**
 * Whether an IPC message may reach the engine: it must come from the top frame of our own main
 * window while that frame shows our app:// origin. After GitHub Desktop's trusted-ipc-sender:
 * even if some other content ended up in a renderer (an iframe, a navigation we failed to block,
 * a second window), it cannot talk to the database.
 */
export function isTrustedSender(sender: SenderInfo, trustedWebContentsId: number | null): boolean {
  if (trustedWebContentsId === null || sender.webContentsId !== trustedWebContentsId) return false;
  if (!sender.isTopFrame || sender.frameUrl === null) return false;
  return isAppUrl(sender.frameUrl);
}
