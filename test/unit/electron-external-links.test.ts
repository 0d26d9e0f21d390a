import { describe, expect, it } from 'vitest';
import { externalPrompt, openLinkAfterAsking, type ExternalPrompt } from '../../electron/main/external-links';

function deps(answer: boolean, lang: 'vi' | 'en' | Error = 'vi') {
  const prompts: ExternalPrompt[] = [];
  const opened: string[] = [];
  return {
    prompts,
    opened,
    deps: {
      lang: () => (lang instanceof Error ? Promise.reject(lang) : Promise.resolve(lang)),
      confirm: (p: ExternalPrompt) => {
        prompts.push(p);
        return Promise.resolve(answer);
      },
      open: (url: string) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
  };
}

describe('links that leave the app', () => {
  it('open only after the user agreed to the named host', async () => {
    const yes = deps(true, 'en');
    expect(await openLinkAfterAsking('https://tiles.example.vn:8443/about', yes.deps)).toBe(
      'https://tiles.example.vn:8443/about',
    );
    expect(yes.prompts[0]!.message).toBe('Open tiles.example.vn:8443 in your web browser?');
    expect(yes.opened).toEqual(['https://tiles.example.vn:8443/about']);

    const no = deps(false);
    expect(await openLinkAfterAsking('https://example.com/', no.deps)).toBeNull();
    expect(no.prompts[0]!.message).toBe('Mở example.com trong trình duyệt?');
    expect(no.opened).toEqual([]);
  });

  it('never ask about, or open, anything but plain http(s) without credentials', async () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'https://u:p@example.com/',
      'nonsense',
    ]) {
      const d = deps(true);
      expect(await openLinkAfterAsking(url, d.deps), url).toBeNull();
      expect(d.prompts, url).toEqual([]);
      expect(d.opened, url).toEqual([]);
    }
  });

  it('asks in Vietnamese when the language cannot be read, with Cancel as the default', async () => {
    const d = deps(false, new Error('engine closing'));
    await openLinkAfterAsking('http://example.com/', d.deps);
    expect(d.prompts[0]!.buttons).toEqual(['Mở trong trình duyệt', 'Huỷ']);
    expect(externalPrompt('a.b', 'https://a.b/', 'en').buttons).toEqual(['Open in browser', 'Cancel']);
  });
});
