import { describe, expect, it } from 'vitest';
import { browserCandidates, findBrowser } from '../../electron/print/find-browser';
import { electronPdfOptions, playwrightPdfOptions } from '../../electron/print/pdf-options';
import { checkPrintRequest, paperOf, parsePrintHash, printHash } from '../../shared/print';

describe('print options', () => {
  it('maps a request to printToPDF options: CSS page size, backgrounds, no margins, never Letter', () => {
    const a4 = electronPdfOptions({});
    expect(a4).toMatchObject({
      preferCSSPageSize: true,
      printBackground: true,
      pageSize: 'A4',
      landscape: false,
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      generateTaggedPDF: true,
      generateDocumentOutline: true,
    });
    expect(electronPdfOptions({ size: 'A3' }).pageSize).toBe('A3');
    expect(JSON.stringify(a4)).not.toMatch(/Letter/);
  });

  it('maps a request to page.pdf options with outline and tags', () => {
    expect(playwrightPdfOptions({ size: 'A3' })).toEqual({
      preferCSSPageSize: true,
      printBackground: true,
      outline: true,
      tagged: true,
      format: 'A3',
    });
  });
});

describe('print route address', () => {
  it('round-trips a request through the hash, Vietnamese parameters included', () => {
    const hash = printHash({
      page: 'briefing',
      params: { date: '2021-11-24', note: 'Đông Hải & ấp' },
      size: 'A3',
      lang: 'en',
    });
    expect(hash.startsWith('#/print/briefing?')).toBe(true);
    expect(parsePrintHash(hash)).toEqual({
      page: 'briefing',
      params: { date: '2021-11-24', note: 'Đông Hải & ấp', size: 'A3', lang: 'en' },
    });
    expect(parsePrintHash('#/map')).toBeNull();
    expect(parsePrintHash('#/print/../x')).toBeNull();
    expect(paperOf('a3')).toBe('A3');
    expect(paperOf(undefined)).toBe('A4');
  });

  it('checks requests arriving through a door', () => {
    expect(checkPrintRequest({ page: 'sample', size: 'A4', lang: 'vi' })).toEqual({
      page: 'sample',
      params: {},
      size: 'A4',
      lang: 'vi',
    });
    for (const bad of [
      null,
      {},
      { page: 'X' },
      { page: 'a', size: 'Letter' },
      { page: 'a', params: { k: 1 } },
      { page: 'a', lang: 'fr' },
    ])
      expect(() => checkPrintRequest(bad), JSON.stringify(bad)).toThrow(RangeError);
  });
});

describe('finding a browser', () => {
  const none = (): boolean => false;
  it('takes --browser, then SABAN_BROWSER, then the usual places', () => {
    expect(findBrowser({ explicit: '/x/chrome', env: { SABAN_BROWSER: '/y' }, exists: () => true })).toBe('/x/chrome');
    expect(findBrowser({ env: { SABAN_BROWSER: '/y/edge' }, exists: () => true })).toBe('/y/edge');
    expect(findBrowser({ env: {}, platform: 'linux', exists: (f) => f === '/usr/bin/google-chrome' })).toBe(
      '/usr/bin/google-chrome',
    );
    expect(findBrowser({ env: {}, platform: 'linux', exists: none })).toBeNull();
  });

  it('says so when a given path does not exist', () => {
    expect(() => findBrowser({ explicit: '/nope', env: {}, exists: none })).toThrow(/\/nope/);
  });

  it('knows Chrome and Edge on Windows and macOS', () => {
    const win = browserCandidates('win32', {
      PROGRAMFILES: 'C:\\Program Files',
      LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local',
    });
    expect(win).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(win).toContain('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(browserCandidates('darwin', {})).toContain('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
  });
});
