import type { Lang } from '../../shared/messages';
import { externalHttpUrl } from './app-origin';

/** The question shown before a link leaves the app, in the user's language. */
export interface ExternalPrompt {
  readonly message: string;
  readonly detail: string;
  /** [open, cancel]; cancel is the default and what Esc picks. */
  readonly buttons: readonly [string, string];
}

/** The confirmation text for opening `url` (whose host is `host`) in the system browser. */
export function externalPrompt(host: string, url: string, lang: Lang): ExternalPrompt {
  return lang === 'en'
    ? {
        message: `Open ${host} in your web browser?`,
        detail: `Sa Bàn will hand this address to your browser:\n${url}`,
        buttons: ['Open in browser', 'Cancel'],
      }
    : {
        message: `Mở ${host} trong trình duyệt?`,
        detail: `Sa Bàn sẽ chuyển địa chỉ này cho trình duyệt:\n${url}`,
        buttons: ['Mở trong trình duyệt', 'Huỷ'],
      };
}

/** What {@link openLinkAfterAsking} needs from Electron (dialog, shell) and the engine (language). */
export interface LinkDeps {
  readonly lang: () => Promise<Lang>;
  /** Shows the prompt; resolves true only when the user chose "open". */
  readonly confirm: (prompt: ExternalPrompt) => Promise<boolean>;
  readonly open: (url: string) => Promise<void>;
}

/**
 * A link the page tried to open: only plain http(s) URLs without credentials may leave the app
 * (see {@link externalHttpUrl}), and only after the user agreed to the named host, so a page
 * that was somehow made to open links cannot send the operator anywhere silently.
 * Resolves to the URL handed to the browser, or null.
 */
export async function openLinkAfterAsking(url: string, deps: LinkDeps): Promise<string | null> {
  const external = externalHttpUrl(url);
  if (external === null) return null;
  const host = new URL(external).host;
  const lang = await deps.lang().catch((): Lang => 'vi');
  if (!(await deps.confirm(externalPrompt(host, external, lang)))) return null;
  await deps.open(external);
  return external;
}
