import { Alert, AppShell, LoadingOverlay, Text } from '@mantine/core';
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import type { Settings, UnitSummary } from '../../shared/contract';
import { ClustersDialogs } from './features/clusters/ClustersDialogs';
import { ClustersMapLayer } from './features/clusters/ClustersMapLayer';
import { useClustersState } from './features/clusters/clusters-view';
import { CoverageLayer } from './features/people/CoverageLayer';
import { CoveragePanel, useCoverage } from './features/people/CoveragePanel';
import { FiguresWorkspace, type FiguresTab } from './features/figures/FiguresWorkspace';
import { PeopleWorkspace, type PeopleTab } from './features/people/PeopleWorkspace';
import { PostsMapLayer } from './features/posts/PostsMapLayer';
import { PostsPanel } from './features/posts/PostsPanel';
import { SyncModal } from './features/sync/SyncModal';
import { useApiMutation, useInvalidate } from './data/query';
import { DrawHelp } from './features/map/DrawHelp';
import type { DrawControl, DrawnGeometry } from './features/map/DrawLayer';
import { MapView, type MapControl } from './features/map/MapView';
import { useDistrictMap } from './features/map/use-district-map';
import { DateSlider } from './features/risk/DateSlider';
import { RiskLegend } from './features/risk/RiskLegend';
import { RiskToolbar } from './features/risk/RiskToolbar';
import { countLevels, formatDay } from './features/risk/risk-map';
import { useRiskExports } from './features/risk/use-risk-exports';
import { useDistrictRollup, useRisk } from './features/risk/use-risk';
import { SettingsModal } from './features/settings/SettingsModal';
import { AuditViewer } from './features/audit/AuditViewer';
import { ProvinceReports } from './features/report/ProvinceReports';
import { ReportForm } from './features/report/ReportForm';
import { ReportReminder } from './features/report/ReportReminder';
import { AccountsModal } from './features/auth/AccountsModal';
import { BackupDialog } from './features/backup/BackupDialog';
import { AppHeader } from './features/shell/AppHeader';
import { MapMessages } from './features/shell/MapMessages';
import { strings } from './features/shell/strings';
import { strings as mapStrings } from './features/map/strings';
import { TrainingModal } from './features/shell/TrainingModal';
import { NATIONAL, useCatalogue } from './features/shell/use-catalogue';
import { useGlobalKeys } from './features/shell/use-global-keys';
import { CreateHamletModal } from './features/units/CreateHamletModal';
import { DetailPanel } from './features/units/DetailPanel';
import { ImportModal } from './features/units/ImportModal';
import { UnitTree } from './features/units/UnitTree';
import { buildTree, districtsWithGeometry, searchOtherDistricts } from './features/units/unit-tree';
import { useSelection } from './features/units/use-selection';
import { useStrings } from './i18n/define';
import { useI18n, type Lang } from './i18n';
import type { RiskLevel } from '../../shared/risk';
import { useNotify } from './ui/Notifications';
import { useProvinceOffice } from './features/sync/use-province';

export interface AppProps {
  readonly onLangChange: (lang: Lang) => void;
  /** Open the import dialog first (the first-run setup's last step asked for it). */
  readonly importFirst?: boolean;
}

/** Which dialog is open over the app (one at a time). */
type Dialog = 'import' | 'sync' | 'settings' | 'audit' | 'report' | 'province-reports' | 'accounts' | 'backup' | null;

/**
 * The app frame: header, unit list (with the coverage box docked under it), map with its overlays,
 * the detail panel, and the dialogs. Layout and routing only: each part reads its own data.
 */
export function App(props: AppProps): React.JSX.Element {
  const { lang } = useI18n();
  const t = useStrings(strings);
  const m = useStrings(mapStrings);
  const notify = useNotify();
  const invalidate = useInvalidate();
  const { onLangChange } = props;

  const catalogue = useCatalogue(onLangChange);
  const { info, settings, districts, communes, district, setDistrict } = catalogue;
  const scope = district && district !== NATIONAL ? district : null;
  const map = useDistrictMap(district);
  const selection = useSelection(map.units);
  const { selected, select } = selection;
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [dialog, setDialog] = useState<Dialog>(props.importFirst ? 'import' : null);
  const [busy, setBusyState] = useState<{ on: boolean; label?: string }>({ on: false });
  const setBusy = useCallback((on: boolean, label?: string) => setBusyState(label ? { on, label } : { on }), []);
  const [drawFor, setDrawFor] = useState<UnitSummary | null>(null);
  const [drawPoints, setDrawPoints] = useState(0);
  const [createFor, setCreateFor] = useState<{ commune: UnitSummary; geometry: DrawnGeometry | null } | null>(null);
  const [peopleTab, setPeopleTab] = useState<PeopleTab | null>(null);
  // While a lockdown area is drawn, map clicks place vertices, not select units.
  const clustersDrawing = useClustersState((s) => s.drawing !== null);
  const [figuresTab, setFiguresTab] = useState<FiguresTab | null>(null);

  const searchRef = useRef<HTMLInputElement | null>(null);
  const mapControl = useRef<MapControl | null>(null);
  const setMapControl = useCallback((c: MapControl | null) => {
    mapControl.current = c;
  }, []);
  const drawControl = useRef<DrawControl | null>(null);
  const setDrawControl = useCallback((c: DrawControl | null) => {
    drawControl.current = c;
  }, []);
  const openLevelDialog = useRef<((level: RiskLevel | null) => void) | null>(null);

  const tree = useMemo(() => buildTree(map.units), [map.units]);
  const mapped = useMemo(() => districtsWithGeometry(communes), [communes]);
  const otherResults = useMemo(
    () => searchOtherDistricts(communes, district, deferredQuery),
    [communes, district, deferredQuery],
  );
  const districtNames = useMemo(() => new Map(districts.map((d) => [d.code, d.name])), [districts]);
  const province = useProvinceOffice(settings?.currentDistrict, setDistrict);
  const districtName = useCallback(
    (code: string | null) =>
      code ? (code === province?.code ? province.label : (districtNames.get(code) ?? code)) : '',
    [districtNames, province],
  );

  const risk = useRisk(district === NATIONAL ? undefined : district);
  const rollup = useDistrictRollup(scope, risk.viewDay);
  const coverage = useCoverage(scope);
  const unitsByCode = useMemo(() => new Map(map.units.map((u) => [u.code, u])), [map.units]);
  const unitName = useCallback(
    (code: string) => unitsByCode.get(code)?.name ?? districtNames.get(code) ?? code,
    [unitsByCode, districtNames],
  );
  const selectedUnits = useMemo(() => {
    const out: UnitSummary[] = [];
    for (const c of selection.codes) {
      const u = unitsByCode.get(c) ?? districts.find((d) => d.code === c);
      if (u && u.level !== 'province') out.push(u);
    }
    return out;
  }, [selection.codes, unitsByCode, districts]);
  const legendCounts = useMemo(
    () =>
      countLevels(
        (map.features?.features ?? []).map((f) => f.properties.code),
        risk.levels,
      ),
    [map.features, risk.levels],
  );
  const exports = useRiskExports({
    district: scope,
    title: district === NATIONAL ? t('nationalOption') : districtName(district),
    fileKey: district === NATIONAL ? 'toan-quoc' : (district ?? ''),
    viewDay: risk.viewDay,
    counts: legendCounts,
    changed: risk.showChanged ? risk.changed.length : null,
    mapControl,
  });

  const saveSettings = useApiMutation('settings.set', { onError: (err) => notify.error(err) });
  const changeDistrict = useCallback(
    (code: string, keepSelection?: string) => {
      setDistrict(code);
      selection.collapseAll();
      setDrawFor(null);
      select(keepSelection ?? null, 'tree');
      saveSettings.mutate({ currentDistrict: code } satisfies Partial<Settings>);
    },
    [saveSettings, select, selection, setDistrict],
  );
  const pickOther = (unit: UnitSummary): void => {
    setQuery('');
    if (unit.parentCode) changeDistrict(unit.parentCode, unit.code);
  };
  const switchLang = (): void => {
    const next: Lang = lang === 'vi' ? 'en' : 'vi';
    onLangChange(next);
    saveSettings.mutate({ lang: next });
  };
  useGlobalKeys(searchRef, drawFor !== null, selection.clear);

  const districtOptions = useMemo(
    () => [
      ...(province ? [{ value: province.code, label: province.label }] : []),
      ...(mapped.size > 0 ? [{ value: NATIONAL, label: t('nationalOption') }] : []),
      ...[...districts]
        .sort((a, b) => (a.code < b.code ? -1 : 1))
        .map((d) => ({
          value: d.code,
          label: mapped.has(d.code) ? d.name : `${d.name} ${t('noGeometrySuffix')}`,
        })),
    ],
    [districts, mapped, t, province],
  );
  const hasMap = !!map.features && map.features.features.length > 0;
  // The 14:00 report is a district's; the province's view is of the office's province or the district's.
  const reportDistrict = districts.find((d) => d.code === scope) ?? null;
  const reportProvince = province?.code ?? reportDistrict?.parentCode ?? undefined;

  return (
    <AppShell
      header={{ height: 56 }}
      // Narrower side columns below 1408 px: at 1366×768 with a unit's panel open the map keeps
      // over 60% of the width.
      navbar={{ width: { base: 236, xl: 300 }, breakpoint: 'sm' }}
      aside={{ width: { base: 300, xl: 380 }, breakpoint: 'md', collapsed: { desktop: !selected, mobile: !selected } }}
      padding={0}
    >
      <AppShell.Header className="saban-header">
        <AppHeader
          trainingOnly={!!info?.trainingOnly}
          districtOptions={districtOptions}
          district={district}
          onDistrict={(code) => changeDistrict(code)}
          onSwitchLang={switchLang}
          postsWithin={scope}
          busy={setBusy}
          onImport={() => setDialog('import')}
          onSync={() => setDialog('sync')}
          onSettings={() => setDialog('settings')}
          onPeople={() => setPeopleTab('people')}
          onAudit={() => setDialog('audit')}
          onReport={reportDistrict ? () => setDialog('report') : null}
          onProvinceReports={() => setDialog('province-reports')}
          onAccounts={() => setDialog('accounts')}
          onBackup={() => setDialog('backup')}
          onFigures={() => setFiguresTab('grid')}
          onDashboard={() => setFiguresTab('dashboard')}
          onExportLevels={exports.exportLevels}
          onExportPng={exports.exportPng}
          briefing={{ within: scope, day: risk.viewDay }}
        />
      </AppShell.Header>

      <AppShell.Navbar p="sm" className="saban-navbar">
        <UnitTree
          tree={tree}
          query={query}
          onQueryChange={setQuery}
          otherResults={otherResults}
          districtName={districtName}
          selectedCode={selected}
          selectedCodes={selection.codes}
          onSelect={(code) => select(code, 'tree')}
          onPickOther={pickOther}
          expanded={selection.expanded}
          onToggle={selection.toggle}
          searchRef={searchRef}
          loading={map.loading || info === null}
        />
        {/* Docked under the list, never over the map: it grows with its warnings. */}
        {scope && hasMap && (
          <div className="saban-dock" data-testid="coverage-dock">
            {risk.viewDay && (
              <Alert color="orange" variant="light" p={6} mb={6} data-testid="coverage-today-note">
                <Text size="xs">{t('warningsToday', { date: formatDay(risk.viewDay) })}</Text>
              </Alert>
            )}
            <CoveragePanel
              coverage={coverage}
              onPick={(code) => select(code, 'tree')}
              onOpenPeople={() => setPeopleTab('people')}
            />
          </div>
        )}
      </AppShell.Navbar>

      <AppShell.Main className="saban-main">
        <MapView
          features={map.features}
          featuresKey={map.featuresKey}
          units={map.units}
          selectedCode={selected}
          selectionSource={selection.source}
          onSelect={clustersDrawing ? () => undefined : selection.selectFromMap}
          selectedCodes={selection.codes}
          onLasso={selection.selectByLasso}
          riskLevels={risk.levels}
          changedCodes={risk.changedCodes}
          onMapControl={setMapControl}
          basemapUrl={settings?.basemapUrl ?? null}
          drawing={drawFor !== null}
          onDrawControl={setDrawControl}
          onDrawFinish={(geometry) => {
            if (drawFor) setCreateFor({ commune: drawFor, geometry });
            setDrawFor(null);
          }}
          onDrawCancel={() => setDrawFor(null)}
          onDrawProgress={setDrawPoints}
          onDrawTooFew={() => notify.warn(m('drawTooFew'))}
        >
          <CoverageLayer
            units={map.units}
            features={map.features}
            coverage={coverage.byCode}
            visible={coverage.labels}
            highlight={coverage.highlight}
          />
          <PostsMapLayer within={scope} />
          <ClustersMapLayer within={scope} />
        </MapView>
        <PostsPanel within={scope} />
        {reportDistrict && <ReportReminder district={reportDistrict.code} onOpen={() => setDialog('report')} />}
        <ClustersDialogs within={scope} />
        {hasMap && (
          <>
            <RiskLegend
              counts={legendCounts}
              district={scope && rollup ? { name: districtName(scope), rollup } : null}
              onOpenDistrict={() => scope && select(scope, 'map')}
              showChanged={risk.showChanged}
              onShowChanged={risk.setShowChanged}
              changed={risk.changed}
              unitName={unitName}
              onPick={(code) => select(code, 'tree')}
            />
            <DateSlider days={risk.days} today={risk.today} viewDay={risk.viewDay} onChange={risk.setViewDay} />
          </>
        )}
        {/* Also without a map: a district with no communes still gets its level from its own panel. */}
        {(hasMap || selectedUnits.length > 0) && (
          <RiskToolbar
            selected={selectedUnits}
            viewingOtherDay={risk.viewDay !== null}
            unitName={unitName}
            onClear={selection.clear}
            openRef={openLevelDialog}
          />
        )}
        {drawFor && (
          <DrawHelp
            communeName={drawFor.name}
            points={drawPoints}
            onFinish={() => drawControl.current?.finish()}
            onCancel={() => setDrawFor(null)}
          />
        )}
        <MapMessages
          noMappedDistrict={info !== null && mapped.size === 0}
          districtHasNoMap={!map.loading && !!map.features && map.features.features.length === 0}
          districtEmpty={
            !map.loading && map.units.length === 0 && districts.some((d) => d.code === district) && mapped.size > 0
          }
          loading={map.loading}
          onImport={() => setDialog('import')}
          onOpenDistrict={scope ? () => select(scope, 'tree') : undefined}
        />
      </AppShell.Main>

      <AppShell.Aside className="saban-aside">
        {selected && (
          <DetailPanel
            key={selected}
            code={selected}
            drawing={drawFor !== null}
            onClose={selection.clear}
            onDeleted={(_code, parent) => select(parent, 'map')}
            onAddHamlet={(c) => setCreateFor({ commune: c, geometry: null })}
            risk={{ viewDay: risk.viewDay, onSetLevel: () => openLevelDialog.current?.(null) }}
            onDrawHamlet={(c) => setDrawFor(c)}
          />
        )}
      </AppShell.Aside>

      {createFor && (
        <CreateHamletModal
          commune={createFor.commune}
          geometry={createFor.geometry}
          onClose={() => setCreateFor(null)}
          onCreated={(unit) => {
            setCreateFor(null);
            if (unit.parentCode) selection.toggle(unit.parentCode, true);
            select(unit.code, 'map');
          }}
        />
      )}
      {dialog === 'sync' && <SyncModal onClose={() => setDialog(null)} onImported={() => void invalidate(['*'])} />}
      {dialog === 'settings' && settings && (
        <SettingsModal settings={settings} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />
      )}
      {dialog === 'audit' && <AuditViewer onClose={() => setDialog(null)} />}
      {dialog === 'report' && reportDistrict && (
        <ReportForm district={reportDistrict.code} onClose={() => setDialog(null)} />
      )}
      {dialog === 'province-reports' && (
        <ProvinceReports {...(reportProvince ? { province: reportProvince } : {})} onClose={() => setDialog(null)} />
      )}
      {dialog === 'accounts' && <AccountsModal onClose={() => setDialog(null)} />}
      {dialog === 'backup' && <BackupDialog onClose={() => setDialog(null)} />}
      {dialog === 'import' && <ImportModal busy={setBusy} onClose={() => setDialog(null)} />}
      {peopleTab && (
        <PeopleWorkspace
          district={scope}
          districtName={districtName(district)}
          units={map.units}
          tab={peopleTab}
          onTab={setPeopleTab}
          onClose={() => setPeopleTab(null)}
        />
      )}
      {figuresTab && (
        <FiguresWorkspace
          district={scope}
          districtName={districtName(district)}
          tab={figuresTab}
          onTab={setFiguresTab}
          onClose={() => setFiguresTab(null)}
        />
      )}
      <TrainingModal
        trainingOnly={!!info?.trainingOnly}
        hidden={dialog === 'import'}
        onImport={() => setDialog('import')}
      />
      {busy.on && <BusyOverlay label={busy.label} />}
    </AppShell>
  );
}

/** Blocks the window while a long job (an import) runs, saying what it does. */
function BusyOverlay(props: { readonly label: string | undefined }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <div className="saban-busy" data-testid="busy">
      <LoadingOverlay visible zIndex={1000} overlayProps={{ blur: 1 }} />
      <Text className="saban-busy-label">{props.label ?? t('working')}</Text>
    </div>
  );
}
