/**
 * End-to-end tests of leaders and teams on real Bạc Liêu communes: add a member, assign them to
 * Xã Long Điền Đông, see their name on the map, and see the "cấp 3 with no overseer" warning go
 * only once the overseer exists; CSV import with a preview that writes nothing while rows are
 * wrong; the directory's A4 print view and CSV export; deleting an assignment, a person and teams
 * with a required reason after a confirmation.
 * Needs a built renderer (npx vite build).
 */
import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedFile } from '../helpers/shared-data';
import {
  api,
  cleanup,
  closeBrowser,
  launchBrowser,
  openApp,
  saban,
  selectedOnMap,
  shot,
  startServer,
  tempDb,
  waitForFeatures,
  type Server,
} from './helpers';
import type { UnitSummary as Unit } from '../../shared/contract';

const BAC_LIEU = sharedFile('boundaries', 'communes_95_bac-lieu.geojson');
const LONG_DIEN_DONG = '31975';
const available = sharedDataAvailable();

beforeAll(async () => {
  await launchBrowser();
});
afterEach(cleanup);
afterAll(closeBrowser);

/** Imports Bạc Liêu, opens Long Điền Đông's district, starts the app. */
async function setup(before?: (server: Server) => Promise<void>): Promise<{
  server: Server;
  page: Page;
  problems: string[];
}> {
  const db = tempDb();
  saban(['import-boundaries', BAC_LIEU, '--db', db]);
  const server = await startServer(db);
  const [ldd] = await api<Unit[]>(server, 'units.list', { query: 'Xã Long Điền Đông' });
  await api(server, 'settings.set', { currentDistrict: ldd!.parentCode, operatorName: 'Trực ban E2E' });
  if (before) await before(server);
  const { page, problems } = await openApp(server, { acceptDownloads: true });
  await waitForFeatures(page);
  return { server, page, problems };
}

const warningFor = (page: Page, code: string, kind: string) =>
  page.locator(`[data-testid="coverage-warning"][data-code="${code}"][data-kind="${kind}"]`);
const coverageLabel = (page: Page, code: string) => page.locator(`.saban-coverage-label [data-code="${code}"]`);

async function closeWorkspace(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByTestId('people-tab-people').waitFor({ state: 'detached' });
}

describe.skipIf(!available)('leaders and teams (real Bạc Liêu communes)', () => {
  it('assigns a new member to Xã Long Điền Đông: label on the map, warning gone only then', async () => {
    // Cấp 3 is set elsewhere (another operator, through the API) before this one opens the app.
    const { server, page, problems } = await setup(async (s) => {
      await api(s, 'risk.set', { codes: [LONG_DIEN_DONG], level: 3, reason: 'Ổ dịch mới' });
    });
    const warning = warningFor(page, LONG_DIEN_DONG, 'commune-no-overseer');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Long Điền Đông');
    // A warning is a way to the place: clicking it selects the commune on the map.
    await warning.click();
    await expect.poll(() => selectedOnMap(page)).toBe(LONG_DIEN_DONG);
    expect(await coverageLabel(page, LONG_DIEN_DONG).count()).toBe(0);

    // Add a member of the standing committee.
    await page.getByTestId('people-open-panel').click();
    await page.getByTestId('people-tab-people').waitFor();
    await page.getByTestId('people-empty').waitFor();
    await page.getByTestId('people-add').click();
    await page.getByTestId('person-name').fill('Nguyễn Văn Tâm');
    await page.getByTestId('person-position').fill('Ủy viên BTV Huyện ủy');
    await page.getByTestId('person-phones').fill('0912 345 678');
    await page.getByTestId('person-save').click();
    await page.locator('[data-testid="people-row"]', { hasText: 'Nguyễn Văn Tâm' }).waitFor();
    await page.getByTestId('assign-form').waitFor();
    await closeWorkspace(page);

    // The person exists but oversees nothing yet: the coverage data reloaded (the person can be
    // chosen) and the warning is still there.
    await page.getByTestId('coverage-person').click();
    await page.getByRole('option', { name: /Nguyễn Văn Tâm/ }).waitFor();
    await page.keyboard.press('Escape');
    expect(await warning.count()).toBe(1);

    // Assign them to Xã Long Điền Đông.
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-people').click();
    await page.locator('[data-testid="people-row"]', { hasText: 'Nguyễn Văn Tâm' }).click();
    const unit = page.getByTestId('assign-unit');
    await unit.click();
    await unit.fill('long dien dong');
    await page.getByRole('option', { name: 'Xã Long Điền Đông', exact: true }).click();
    await page.getByTestId('assign-submit').click();
    await page.locator('[data-testid="assignment-row"][data-state="active"]', { hasText: 'Long Điền Đông' }).waitFor();
    await shot(page, 'people-register');
    await closeWorkspace(page);

    // The name is on the map under the commune, and the warning has gone.
    await expect.poll(() => coverageLabel(page, LONG_DIEN_DONG).textContent()).toBe('Nguyễn Văn Tâm');
    await expect.poll(() => warning.count()).toBe(0);
    // Choosing the person highlights their one area.
    await page.getByTestId('coverage-person').click();
    await page.getByRole('option', { name: /Nguyễn Văn Tâm/ }).click();
    await expect.poll(() => page.getByTestId('coverage-person-areas').textContent()).toContain('1');
    await shot(page, 'people-coverage');

    const [assignment] = await api<{ unitCode: string; role: string; state: string }[]>(server, 'people.assignments', {
      unitCode: LONG_DIEN_DONG,
    });
    expect(assignment).toMatchObject({ unitCode: LONG_DIEN_DONG, role: 'phu-trach', state: 'active' });
    const audit = await api<{ action: string; actor: string }[]>(server, 'audit.list', { entity: 'assignment' });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['assignment.create', 'Trực ban E2E']]);
    expect(problems).toEqual([]);
  });

  it('imports people from CSV: a preview with row errors writes nothing; a clean file does', async () => {
    const { server, page, problems } = await setup(async (s) => {
      await api(s, 'people.save', { fullName: 'Lê Văn An', phones: '0911111111' });
    });
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-people').click();
    await page.getByTestId('people-tab-import').click();
    const input = page.locator('[data-testid="people-import"] input[type="file"]');
    const bad = [
      'ho_ten,chuc_vu,cap,ma_don_vi,dien_thoai',
      'Trần Thị Bình,,huyện,,0922222222',
      'Le Van An,,,,0911 111 111',
      'Phạm Văn Cường,,,99999,0933333333',
    ].join('\n');
    await input.setInputFiles({ name: 'can-bo.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.getByTestId('import-summary').waitFor();
    const rows = page.getByTestId('import-error');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-row')).toBe('3');
    expect(await rows.nth(0).textContent()).toContain('trùng');
    expect(await rows.nth(1).getAttribute('data-row')).toBe('4');
    expect(await rows.nth(1).textContent()).toContain('99999');
    expect(await page.getByTestId('import-write').isDisabled()).toBe(true);
    expect((await api<unknown[]>(server, 'people.list', {})).length).toBe(1);
    await shot(page, 'people-import-errors');

    const good =
      '\uFEFFho_ten,chuc_vu,cap,dien_thoai\nTrần Thị Bình,Phó Chủ tịch UBND huyện,huyện,0922 222 222\nPhạm Văn Cường,,xã,113\n';
    await input.setInputFiles({ name: 'can-bo-2.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toContain('2 người');
    expect(await page.getByTestId('import-warning').count()).toBe(1);
    await page.getByTestId('import-write').click();
    await expect.poll(async () => (await api<unknown[]>(server, 'people.list', {})).length).toBe(3);

    // The register lists them by given name: An, Bình, Cường.
    await page.getByTestId('people-tab-people').click();
    const names = page.getByTestId('people-row');
    await expect.poll(() => names.count()).toBe(3);
    expect(await names.locator('p:first-child').allTextContents()).toEqual([
      'Lê Văn An',
      'Trần Thị Bình',
      'Phạm Văn Cường',
    ]);
    expect(problems).toEqual([]);
  });

  it('prints the directory on A4, exports it as UTF-8 CSV with BOM, and keeps the rules as settings', async () => {
    const { server, page, problems } = await setup(async (s) => {
      const { person } = await api<{ person: { id: string } }>(s, 'people.save', {
        fullName: 'Nguyễn Văn Tâm',
        position: 'Ủy viên BTV Huyện ủy',
        phones: '0912345678',
      });
      await api(s, 'people.assign', { personId: person.id, unitCode: LONG_DIEN_DONG, role: 'phu-trach' });
      await api(s, 'people.save', {
        fullName: 'Trần Thị Bình',
        position: 'Phó Chủ tịch UBND xã',
        phones: '0922222222',
      });
    });
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-people').click();
    await page.getByTestId('people-tab-directory').click();
    // The district filter is on by default: only the assigned member is in the district's area.
    await expect.poll(() => page.getByTestId('directory-row').count()).toBe(1);
    await page.getByTestId('directory-area').click();
    await page.getByRole('option', { name: 'Tất cả địa bàn' }).click();
    await expect.poll(() => page.getByTestId('directory-row').count()).toBe(2);
    await page.getByTestId('directory-search').fill('long dien dong');
    await expect.poll(() => page.getByTestId('directory-row').count()).toBe(1);
    expect(await page.getByTestId('directory-row').textContent()).toContain('0912 345 678');
    await page.getByTestId('directory-search').fill('');
    await expect.poll(() => page.getByTestId('directory-row').count()).toBe(2);

    // CSV: UTF-8 with a BOM, Vietnamese intact, codes and phones quoted.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('directory-export-csv').click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(
      'Nguyễn Văn Tâm,Ủy viên BTV Huyện ủy,"0912345678",Xã Long Điền Đông,"31975",Phụ trách địa bàn',
    );
    // XLSX: the phone a text cell with its leading zero.
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('directory-export-xlsx').click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = XLSX.read(fs.readFileSync(await xlsx.path()));
    const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1, raw: true });
    expect(rows.find((r) => r[0] === 'Nguyễn Văn Tâm')?.slice(2, 5)).toEqual([
      '0912345678',
      'Xã Long Điền Đông',
      '31975',
    ]);

    // Print: only the list shows, with every row; the PDF is A4.
    const printView = page.getByTestId('directory-print-view');
    expect(await printView.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await printView.isVisible()).toBe(true);
    expect(await page.getByTestId('people-tab-directory').isVisible()).toBe(false);
    expect(await printView.locator('tbody tr').count()).toBe(2);
    expect(await printView.locator('h1').textContent()).toContain('Danh bạ');
    // The printed date is dd/mm/yyyy, today in Vietnam.
    const [y, m, d] = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split('-');
    expect(await printView.locator('p').first().textContent()).toContain(`${d}/${m}/${y}`);
    await shot(page, 'people-directory-print');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF')).toBe(true);
    expect((text.match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(1);
    // A4 is 595 × 842 points.
    expect(text).toMatch(/\/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]/);
    await page.emulateMedia({ media: 'screen' });
    // The teams tab: the steering team form offers the district and its communes.
    await page.getByTestId('people-tab-teams').click();
    await page.getByTestId('steering-add').click();
    await page.getByTestId('steering-form').waitFor();
    await shot(page, 'people-teams');

    // The warning rules are settings: raise the minimum team size.
    await page.getByTestId('people-tab-rules').click();
    const min = page.getByLabel('Số thành viên tối thiểu của tổ');
    expect(await min.inputValue()).toBe('3');
    await min.fill('5');
    await page.getByTestId('coverage-rules-save').click();
    await expect
      .poll(async () => (await api<{ minTeamMembers: number }>(server, 'coverage.rules', {})).minTeamMembers)
      .toBe(5);
    expect(problems).toEqual([]);
  });

  it('deletes a mistaken assignment, a person and both kinds of team, each with a reason, after asking', async () => {
    const ids: Record<string, string> = {};
    const { server, page, problems } = await setup(async (s) => {
      const tam = await api<{ person: { id: string } }>(s, 'people.save', { fullName: 'Nguyễn Văn Tâm' });
      const binh = await api<{ person: { id: string } }>(s, 'people.save', { fullName: 'Trần Thị Bình' });
      ids['tam'] = tam.person.id;
      await api(s, 'people.assign', { personId: tam.person.id, unitCode: LONG_DIEN_DONG, role: 'phu-trach' });
      await api(s, 'teams.steeringSave', {
        name: 'Tổ chỉ đạo số 1',
        leaderId: tam.person.id,
        areaCodes: [LONG_DIEN_DONG],
      });
      const hamlet = await api<{ code: string }>(s, 'units.createHamlet', {
        communeCode: LONG_DIEN_DONG,
        name: 'Ấp Mới',
      });
      await api(s, 'teams.communitySave', {
        hamletCode: hamlet.code,
        name: 'Tổ COVID Ấp Mới',
        leaderId: binh.person.id,
        members: [{ personId: binh.person.id, role: 'truong-ap' }],
      });
    });
    await page.getByTestId('menu-button').click();
    await page.getByTestId('menu-people').click();
    const dialog = page.getByTestId('confirm-delete');
    const submit = page.getByTestId('confirm-delete-submit');

    // A mistaken assignment: the dialog names it and refuses to go on without a reason.
    await page.locator('[data-testid="people-row"]', { hasText: 'Nguyễn Văn Tâm' }).click();
    await expect.poll(() => page.getByTestId('assignment-row').count()).toBe(1);
    await page.getByTestId('assignment-delete').click();
    await dialog.waitFor();
    expect(await page.getByTestId('confirm-delete-message').textContent()).toContain('Xã Long Điền Đông');
    expect(await submit.isDisabled()).toBe(true);
    await page.getByTestId('confirm-delete-reason').fill('   ');
    expect(await submit.isDisabled()).toBe(true);
    await shot(page, 'people-delete-assignment');
    await page.getByTestId('confirm-delete-reason').fill('Nhập nhầm xã');
    await submit.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('assignments-empty').waitFor();
    expect(await api<unknown[]>(server, 'people.assignments', { all: true })).toEqual([]);

    // The person: cancelling keeps them; confirming with a reason removes them from the register.
    await page.getByTestId('person-delete').click();
    await dialog.waitFor();
    await page.getByTestId('confirm-delete-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api<unknown[]>(server, 'people.list', {})).length).toBe(2);
    await page.getByTestId('person-delete').click();
    await page.getByTestId('confirm-delete-reason').fill('Chuyển công tác');
    await submit.click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('people-row').count()).toBe(1);
    expect(await page.getByTestId('people-row').textContent()).toContain('Trần Thị Bình');

    // The teams.
    await page.getByTestId('people-tab-teams').click();
    await expect.poll(() => page.getByTestId('steering-row').count()).toBe(1);
    await page.getByTestId('steering-delete').click();
    expect(await page.getByTestId('confirm-delete-message').textContent()).toContain('Tổ chỉ đạo số 1');
    await page.getByTestId('confirm-delete-reason').fill('Giải thể tổ');
    await submit.click();
    await expect.poll(() => page.getByTestId('steering-row').count()).toBe(0);
    await expect.poll(() => page.getByTestId('community-row').count()).toBe(1);
    await page.getByTestId('community-delete').click();
    expect(await page.getByTestId('confirm-delete-message').textContent()).toContain('Ấp Mới');
    await page.getByTestId('confirm-delete-reason').fill('Lập nhầm ấp');
    await submit.click();
    await expect.poll(() => page.getByTestId('community-row').count()).toBe(0);
    await shot(page, 'people-teams-deleted');

    // Every deletion is in the history, with its reason.
    const audit = await api<{ action: string; entityId: string; reason: string | null }[]>(server, 'audit.list', {
      limit: 50,
    });
    const deletions = audit.filter((a) => a.action.endsWith('.delete')).map((a) => [a.action, a.reason]);
    expect(deletions).toEqual([
      ['community.delete', 'Lập nhầm ấp'],
      ['steering.delete', 'Giải thể tổ'],
      ['person.delete', 'Chuyển công tác'],
      ['assignment.delete', 'Nhập nhầm xã'],
    ]);
    expect(audit.find((a) => a.action === 'person.delete')?.entityId).toBe(ids['tam']);
    expect(problems).toEqual([]);
  });
});
