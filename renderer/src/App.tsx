import {
  AppShell,
  Badge,
  Button,
  Group,
  Loader,
  LoadingOverlay,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  Title,
  type ComboboxParsedItem,
} from '@mantine/core';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Output, Settings, UnitFeatureCollection, UnitSummary } from '../../shared/contract';
import { matchesQuery } from '../../shared/text';
import { invoke } from './api';
import { CreateHamletModal } from './components/CreateHamletModal';
import { DetailPanel, type UnitDetail } from './components/DetailPanel';
import type { DrawControl, DrawnGeometry } from './components/DrawLayer';
import { ImportModal } from './components/ImportModal';
import { MapView, type MapControl, type SelectionSource } from './components/MapView';
import { DateSlider, RiskLegend, RiskToolbar } from './components/RiskControls';
import { useNotify } from './components/Notifications';
import { SettingsModal } from './components/SettingsModal';
import { SyncModal } from './features/sync/SyncModal';
import { UnitTree } from './components/UnitTree';
import { useI18n, type Lang } from './i18n';
import { buildTree, chooseDistrict, districtsWithGeometry, searchOtherDistricts } from './unit-tree';
import { downloadBlob } from './map-png';
import { LEGEND_ORDER, asRiskLevel, countLevels, formatDay, riskName } from './risk-map';
import { useRisk } from './use-risk';
import { isProvinceCode, useProvinceOffice } from './features/sync/use-province';
import { CoverageLayer } from './features/people/CoverageLayer';
import { CoveragePanel, useCoverage } from './features/people/CoveragePanel';
import { PeopleWorkspace, type PeopleTab } from './features/people/PeopleWorkspace';
import { PostsMapLayer } from './features/posts/PostsMapLayer';
import { PostsMenu } from './features/posts/PostsMenu';
import { PostsPanel } from './features/posts/PostsPanel';
import { RISK_LEVELS, type RiskLevel } from '../../shared/risk';

/** The district chooser's value for the whole country (every commune with geometry). */
const NATIONAL = '*';

type AppInfo = Output<'app.info'>;
type Catalogue = [AppInfo, Settings, UnitSummary[], UnitSummary[]];

/** Everything that does not depend on the district: info, settings, districts, communes. */
function loadCatalogue(): Promise<Catalogue> {
  return Promise.all([
    invoke('app.info', {}),
    invoke('settings.get', {}),
    invoke('units.list', { level: 'district' }),
    invoke('units.list', { level: 'commune' }),
  ]);
}

const TRAINING_DISMISSED_KEY = 'saban.trainingDismissed';

/**
 * Every commune and hamlet of the country: one call per kind (per-province calls were 126 round
 * trips, each re-reading the tree, for the same rows).
 */
function loadNational(): Promise<[UnitSummary[], UnitFeatureCollection]> {
  return Promise.all([invoke('units.list', {}), invoke('map.features', { levels: ['commune', 'hamlet'] })]);
}

export interface AppProps {
  readonly onLangChange: (lang: Lang) => void;
}

/** Filters the district chooser without diacritics ("vinh loi" finds "Huyện Vĩnh Lợi"). */
function districtFilter(input: { options: ComboboxParsedItem[]; search: string }): ComboboxParsedItem[] {
  return input.options.filter((o) => 'label' in o && matchesQuery(o.label, input.search));
}

/** The app frame: header, unit tree, map, detail panel, and the dialogs. */
export function App(props: AppProps): React.JSX.Element {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const { onLangChange } = props;

  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [districts, setDistricts] = useState<readonly UnitSummary[]>([]);
  const [communes, setCommunes] = useState<readonly UnitSummary[]>([]);
  const [district, setDistrict] = useState<string | null>(null);
  // Units and features arrive together and carry their district, so the map can tell a new
  // district (fit the view) from a reload of the same one (keep the view).
  const [loaded, setLoaded] = useState<{
    readonly district: string;
    readonly units: readonly UnitSummary[];
    readonly features: UnitFeatureCollection;
  } | null>(null);
  const [dataVersion, setDataVersion] = useState(0);

  const [selected, setSelected] = useState<string | null>(null);
  const [selectionSource, setSelectionSource] = useState<SelectionSource>('tree');
  // Further selected units (shift-click, lasso) beside the primary `selected` one the panel shows.
  const [multi, setMulti] = useState<ReadonlySet<string>>(new Set());
  const mapControl = useRef<MapControl | null>(null);
  const setMapControl = useCallback((c: MapControl | null) => {
    mapControl.current = c;
  }, []);
  const openLevelDialog = useRef<((level: RiskLevel | null) => void) | null>(null);
  const [detail, setDetail] = useState<UnitDetail | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);

  const [busy, setBusyState] = useState<{ on: boolean; label?: string }>({ on: false });
  const [showSettings, setShowSettings] = useState(false);
  const [showSync, setShowSync] = useState(false);
  const [showImport, setShowImport] = useState(false);
  const [trainingDismissed, setTrainingDismissed] = useState(
    () => sessionStorage.getItem(TRAINING_DISMISSED_KEY) === '1',
  );
  const [drawFor, setDrawFor] = useState<UnitSummary | null>(null);
  const [drawPoints, setDrawPoints] = useState(0);
  const [createFor, setCreateFor] = useState<{ commune: UnitSummary; geometry: DrawnGeometry | null } | null>(null);

  const searchRef = useRef<HTMLInputElement | null>(null);
  const drawControl = useRef<DrawControl | null>(null);
  const setDrawControl = useCallback((c: DrawControl | null) => {
    drawControl.current = c;
  }, []);

  const setBusy = useCallback((on: boolean, label?: string) => setBusyState(label ? { on, label } : { on }), []);

  const applyCatalogue = useCallback(
    ([i, s, ds, cs]: Catalogue) => {
      setInfo(i);
      setSettings(s);
      setDistricts(ds);
      setCommunes(cs);
      onLangChange(s.lang);
      // The whole province (province mode) is a choice of its own, kept across reloads.
      setDistrict((current) =>
        isProvinceCode(current) ? current : chooseDistrict(ds, cs, current ?? s.currentDistrict),
      );
    },
    [onLangChange],
  );

  useEffect(() => {
    let stale = false;
    loadCatalogue()
      .then((c) => {
        if (!stale) applyCatalogue(c);
      })
      .catch((err: unknown) => notify.error(err));
    return () => {
      stale = true;
    };
  }, [applyCatalogue, notify]);

  // The chosen district's units and map features.
  useEffect(() => {
    if (!district) return undefined;
    let stale = false;
    const load: Promise<[UnitSummary[], UnitFeatureCollection]> =
      district === NATIONAL
        ? loadNational()
        : Promise.all([
            invoke('units.list', { within: district }),
            invoke('map.features', { within: district, levels: ['commune', 'hamlet'] }),
          ]);
    load
      .then(([units, fc]) => {
        if (stale) return;
        setLoaded({
          district,
          units: units.filter((u) => u.level === 'commune' || u.level === 'hamlet'),
          features: fc,
        });
      })
      .catch((err: unknown) => {
        if (!stale) notify.error(err);
      });
    return () => {
      stale = true;
    };
  }, [district, dataVersion, notify]);
  const loadingDistrict = district !== null && loaded?.district !== district;

  // The selected unit's details and history.
  useEffect(() => {
    if (!selected) return undefined;
    let stale = false;
    invoke('units.get', { code: selected })
      .then((d) => {
        if (!stale) setDetail(d);
      })
      .catch((err: unknown) => {
        if (!stale) notify.error(err);
      });
    return () => {
      stale = true;
    };
  }, [selected, dataVersion, notify]);
  // Until the panel's own unit arrives it shows a loader, never the previous unit.
  const detailLoading = selected !== null && detail?.unit.code !== selected;

  const districtUnits = useMemo(() => loaded?.units ?? [], [loaded]);
  const features = loaded?.features ?? null;
  const tree = useMemo(() => buildTree(districtUnits), [districtUnits]);
  const mapped = useMemo(() => districtsWithGeometry(communes), [communes]);
  const otherResults = useMemo(
    () => searchOtherDistricts(communes, district, deferredQuery),
    [communes, district, deferredQuery],
  );
  const districtNames = useMemo(() => new Map(districts.map((d) => [d.code, d.name])), [districts]);
  const province = useProvinceOffice(settings?.currentDistrict, setDistrict, notify);
  const districtName = useCallback(
    (code: string | null) =>
      code ? (code === province?.code ? province.label : (districtNames.get(code) ?? code)) : '',
    [districtNames, province],
  );

  // Risk levels of what the map shows (the district, or the whole country).
  const risk = useRisk(district === NATIONAL ? undefined : district, notify);
  // Leaders and teams (issue 5): who oversees what, reloaded when levels or assignments change.
  const [peopleTab, setPeopleTab] = useState<PeopleTab | null>(null);
  const [peopleVersion, setPeopleVersion] = useState(0);
  const coverage = useCoverage(district === NATIONAL ? null : district, `${risk.version}:${peopleVersion}`, notify);
  const selectedCodes = useMemo(() => {
    const all = new Set(multi);
    if (selected) all.add(selected);
    return all;
  }, [multi, selected]);
  const unitsByCode = useMemo(() => new Map(districtUnits.map((u) => [u.code, u])), [districtUnits]);
  const unitName = useCallback(
    (code: string) => unitsByCode.get(code)?.name ?? districtNames.get(code) ?? code,
    [unitsByCode, districtNames],
  );
  const selectedUnits = useMemo(() => {
    const out: UnitSummary[] = [];
    for (const c of selectedCodes) {
      const u = unitsByCode.get(c) ?? districts.find((d) => d.code === c);
      if (u && u.level !== 'province') out.push(u);
    }
    return out;
  }, [selectedCodes, unitsByCode, districts]);
  const legendCounts = useMemo(
    () =>
      countLevels(
        (features?.features ?? []).map((f) => f.properties.code),
        risk.levels,
      ),
    [features, risk.levels],
  );
  // The district's own level beside the 2686 roll-up of its communes.
  const [districtRisk, setDistrictRisk] = useState<{ own: RiskLevel; rollup: RiskLevel } | null>(null);
  useEffect(() => {
    if (!district || district === NATIONAL) return undefined;
    let stale = false;
    invoke('risk.unit', { code: district })
      .then((r) => {
        if (!stale)
          setDistrictRisk({ own: asRiskLevel(r.current?.level ?? 0), rollup: asRiskLevel(r.rollup?.level ?? 0) });
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [district, risk.version]);
  const viewingOtherDay = risk.viewDay !== null;

  const exportLevels = (format: 'geojson' | 'csv'): void => {
    if (!district || district === NATIONAL) {
      notify.error(new Error(t('exportNeedsDistrict')));
      return;
    }
    invoke('risk.export', {
      within: district,
      format,
      ...(risk.viewDay ? { at: `${risk.viewDay}T23:59:59.999+07:00` } : {}),
    })
      .then((r) => {
        downloadBlob(new Blob([r.text], { type: r.mimeType }), r.fileName);
        notify.success(t('exported', { file: r.fileName }));
      })
      .catch((err: unknown) => notify.error(err));
  };
  const exportPng = (): void => {
    const control = mapControl.current;
    if (!control) return;
    const day = risk.viewDay ?? risk.today;
    const title = district === NATIONAL ? t('nationalOption') : districtName(district);
    control
      .exportPng({
        title,
        subtitle: t('pngSubtitle', { date: formatDay(day) }),
        legendTitle: t('legendTitle'),
        legend: LEGEND_ORDER.map((l) => ({
          colour: RISK_LEVELS[l].colour,
          label: riskName(lang, l),
          count: legendCounts[l],
        })),
      })
      .then((blob) => {
        const fileName = `saban-ban-do-${district === NATIONAL ? 'toan-quoc' : (district ?? '')}-${day}.png`;
        downloadBlob(blob, fileName);
        notify.success(t('exported', { file: fileName }));
      })
      .catch((err: unknown) => notify.error(err));
  };

  const select = useCallback(
    (code: string | null, source: SelectionSource) => {
      setSelectionSource(source);
      setSelected(code);
      setMulti(new Set());
      if (!code) return;
      // A hamlet picked on the map opens its commune in the tree, so the row can be shown.
      const unit = districtUnits.find((u) => u.code === code);
      if (unit?.level === 'hamlet' && unit.parentCode) {
        const parent = unit.parentCode;
        setExpanded((prev) => (prev.has(parent) ? prev : new Set(prev).add(parent)));
      }
    },
    [districtUnits],
  );
  const selectFromMap = useCallback(
    (code: string, additive: boolean) => {
      if (!additive) {
        select(code, 'map');
        return;
      }
      // Shift/Ctrl+click toggles the unit in the selection; the panel follows the last one added.
      const all = new Set(multi);
      if (selected) all.add(selected);
      if (all.has(code)) {
        all.delete(code);
        const rest = [...all];
        setSelectionSource('map');
        setSelected(selected === code ? (rest[rest.length - 1] ?? null) : selected);
        setMulti(all);
      } else {
        all.add(code);
        setSelectionSource('map');
        setSelected(code);
        setMulti(all);
      }
    },
    [select, multi, selected],
  );
  const selectByLasso = useCallback((codes: string[]) => {
    setSelectionSource('map');
    setMulti(new Set(codes));
    setSelected(codes.length === 1 ? (codes[0] ?? null) : null);
  }, []);
  const clearSelection = useCallback(() => {
    setSelected(null);
    setMulti(new Set());
  }, []);
  const selectFromTree = useCallback((code: string) => select(code, 'tree'), [select]);

  const toggle = useCallback((code: string, open?: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      const want = open ?? !prev.has(code);
      if (want) next.add(code);
      else next.delete(code);
      return next;
    });
  }, []);

  const saveSettings = useCallback(
    (patch: Partial<Settings>) => {
      invoke('settings.set', patch)
        .then(setSettings)
        .catch((err: unknown) => notify.error(err));
    },
    [notify],
  );

  const changeDistrict = useCallback(
    (code: string | null, keepSelection?: string) => {
      if (!code) return;
      setDistrict(code);
      setExpanded(new Set());
      setDrawFor(null);
      if (keepSelection) select(keepSelection, 'tree');
      else select(null, 'tree');
      saveSettings({ currentDistrict: code });
    },
    [saveSettings, select],
  );

  const pickOther = useCallback(
    (unit: UnitSummary) => {
      setQuery('');
      changeDistrict(unit.parentCode, unit.code);
    },
    [changeDistrict],
  );

  const switchLang = (): void => {
    const next: Lang = lang === 'vi' ? 'en' : 'vi';
    onLangChange(next);
    saveSettings({ lang: next });
  };

  // Global keys: "/" or Ctrl+F to search, Escape to clear the selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      const inDialog = !!target?.closest('[role="dialog"]');
      if ((e.key === '/' && !typing) || (e.key.toLowerCase() === 'f' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape' && !inDialog && !drawFor) {
        setSelected(null);
        setMulti(new Set());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawFor]);

  const reloadDistrict = (): void => setDataVersion((v) => v + 1);

  const onImported = (): void => {
    loadCatalogue()
      .then((c) => {
        applyCatalogue(c);
        setDataVersion((v) => v + 1);
      })
      .catch((err: unknown) => notify.error(err));
  };

  const finishDrawing = (geometry: DrawnGeometry): void => {
    if (!drawFor) return;
    setCreateFor({ commune: drawFor, geometry });
    setDrawFor(null);
  };

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

  const showTraining = !!info?.trainingOnly && !trainingDismissed;
  const dismissTraining = (): void => {
    sessionStorage.setItem(TRAINING_DISMISSED_KEY, '1');
    setTrainingDismissed(true);
  };
  const noMappedDistrict = info !== null && mapped.size === 0;
  const districtHasNoMap = !loadingDistrict && features !== null && features.features.length === 0 && !noMappedDistrict;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 320, breakpoint: 'sm' }}
      aside={{ width: 380, breakpoint: 'md', collapsed: { desktop: !selected, mobile: !selected } }}
      padding={0}
    >
      <AppShell.Header className="saban-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={3} className="saban-brand" data-testid="app-name">
              {t('appName')}
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="lg" data-testid="app-tagline">
              {t('appTagline')}
            </Text>
            {info?.trainingOnly && (
              <Badge color="orange" variant="light" data-testid="training-badge">
                {t('trainingTitle')}
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Select
              w={300}
              aria-label={t('district')}
              placeholder={t('districtPlaceholder')}
              data={districtOptions}
              value={district}
              onChange={(v) => changeDistrict(v)}
              searchable
              filter={districtFilter}
              nothingFoundMessage={t('districtNone')}
              allowDeselect={false}
              maxDropdownHeight={360}
              data-testid="district-select"
            />
            <Button variant="default" onClick={switchLang} data-testid="lang-switch" lang={lang === 'vi' ? 'en' : 'vi'}>
              {t('switchLanguage')}
            </Button>
            <PostsMenu within={district && district !== NATIONAL ? district : null} busy={setBusy} />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" data-testid="menu-button">
                  {t('menu')} ▾
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => setShowImport(true)} data-testid="menu-import">
                  {t('importData')}
                </Menu.Item>
                <Menu.Item onClick={() => setShowSync(true)} data-testid="menu-sync">
                  {t('syncMenu')}
                </Menu.Item>
                <Menu.Item onClick={() => setShowSettings(true)} data-testid="menu-settings">
                  {t('settings')}
                </Menu.Item>
                <Menu.Item onClick={() => setPeopleTab('people')} data-testid="menu-people">
                  {t('menuPeople')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Label>{t('exportMenu')}</Menu.Label>
                <Menu.Item onClick={() => exportLevels('geojson')} data-testid="menu-export-geojson">
                  {t('exportGeojson')}
                </Menu.Item>
                <Menu.Item onClick={() => exportLevels('csv')} data-testid="menu-export-csv">
                  {t('exportCsv')}
                </Menu.Item>
                <Menu.Item onClick={exportPng} data-testid="menu-export-png">
                  {t('exportPng')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" className="saban-navbar">
        <UnitTree
          tree={tree}
          query={query}
          onQueryChange={setQuery}
          otherResults={otherResults}
          districtName={districtName}
          selectedCode={selected}
          onSelect={selectFromTree}
          onPickOther={pickOther}
          expanded={expanded}
          onToggle={toggle}
          searchRef={searchRef}
          loading={loadingDistrict || info === null}
        />
      </AppShell.Navbar>

      <AppShell.Main className="saban-main">
        <MapView
          features={features}
          featuresKey={loaded?.district ?? null}
          units={districtUnits}
          selectedCode={selected}
          selectionSource={selectionSource}
          onSelect={selectFromMap}
          selectedCodes={selectedCodes}
          onLasso={selectByLasso}
          riskLevels={risk.levels}
          changedCodes={risk.changedCodes}
          onMapControl={setMapControl}
          basemapUrl={settings?.basemapUrl ?? null}
          drawing={drawFor !== null}
          onDrawControl={setDrawControl}
          onDrawFinish={finishDrawing}
          onDrawCancel={() => setDrawFor(null)}
          onDrawProgress={setDrawPoints}
          onDrawTooFew={() => notify.error(new Error(t('drawTooFew')))}
        >
          <CoverageLayer
            units={districtUnits}
            features={features}
            coverage={coverage.byCode}
            visible={coverage.labels}
            highlight={coverage.highlight}
          />
          <PostsMapLayer within={district && district !== NATIONAL ? district : null} />
        </MapView>
        <PostsPanel within={district && district !== NATIONAL ? district : null} />
        {district && district !== NATIONAL && features && features.features.length > 0 && (
          <CoveragePanel
            coverage={coverage}
            onPick={(code) => select(code, 'tree')}
            onOpenPeople={() => setPeopleTab('people')}
          />
        )}
        {features && features.features.length > 0 && (
          <>
            <RiskLegend
              counts={legendCounts}
              district={
                district && district !== NATIONAL && districtRisk
                  ? { name: districtName(district), ...districtRisk }
                  : null
              }
              onOpenDistrict={() => district && district !== NATIONAL && select(district, 'map')}
              showChanged={risk.showChanged}
              onShowChanged={risk.setShowChanged}
              changed={risk.changed}
              unitName={unitName}
              onPick={(code) => select(code, 'tree')}
            />
            <RiskToolbar
              selected={selectedUnits}
              viewingOtherDay={viewingOtherDay}
              unitName={unitName}
              onClear={clearSelection}
              onChanged={risk.bump}
              openRef={openLevelDialog}
            />
            <DateSlider days={risk.days} today={risk.today} viewDay={risk.viewDay} onChange={risk.setViewDay} />
          </>
        )}
        {drawFor && (
          <Paper className="saban-map-overlay saban-draw-help" shadow="md" p="sm" withBorder data-testid="draw-help">
            <Text size="sm" fw={600}>
              {t('drawHamlet')} — {drawFor.name}
            </Text>
            <Text size="xs" c="dimmed">
              {t('drawingHelp')}
            </Text>
            <Group gap="xs" mt="xs">
              <Badge variant="light" data-testid="draw-count">
                {t('drawingPoints', { n: drawPoints })}
              </Badge>
              <Button size="compact-sm" onClick={() => drawControl.current?.finish()} data-testid="draw-finish">
                {t('drawFinish')}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setDrawFor(null)} data-testid="draw-cancel">
                {t('cancel')}
              </Button>
            </Group>
          </Paper>
        )}
        {noMappedDistrict && (
          <Paper
            className="saban-map-overlay saban-empty"
            shadow="md"
            p="lg"
            withBorder
            data-testid="empty-no-geometry"
          >
            <Stack gap="xs">
              <Title order={4}>{t('noDistrictGeometry')}</Title>
              <Text size="sm">{t('noDistrictGeometryHelp')}</Text>
              <Group>
                <Button onClick={() => setShowImport(true)}>{t('importData')}</Button>
              </Group>
            </Stack>
          </Paper>
        )}
        {districtHasNoMap && (
          <Paper className="saban-map-overlay saban-empty" shadow="md" p="md" withBorder data-testid="empty-district">
            <Text size="sm">{t('districtNoGeometry')}</Text>
          </Paper>
        )}
        {loadingDistrict && (
          <div className="saban-map-overlay saban-map-loading">
            <Loader size="sm" />
          </div>
        )}
      </AppShell.Main>

      <AppShell.Aside className="saban-aside">
        {selected && (
          <DetailPanel
            key={selected}
            detail={detail && detail.unit.code === selected ? detail : null}
            loading={detailLoading}
            busy={setBusy}
            drawing={drawFor !== null}
            onClose={clearSelection}
            onChanged={reloadDistrict}
            onDeleted={(_code, parent) => {
              select(parent, 'map');
              reloadDistrict();
            }}
            onAddHamlet={(c) => setCreateFor({ commune: c, geometry: null })}
            risk={{ version: risk.version, onSetLevel: () => openLevelDialog.current?.(null) }}
            onDrawHamlet={(c) => setDrawFor(c)}
          />
        )}
      </AppShell.Aside>

      {createFor && (
        <CreateHamletModal
          commune={createFor.commune}
          geometry={createFor.geometry}
          busy={setBusy}
          onClose={() => setCreateFor(null)}
          onCreated={(unit) => {
            setCreateFor(null);
            if (unit.parentCode) toggle(unit.parentCode, true);
            select(unit.code, 'map');
            reloadDistrict();
          }}
        />
      )}
      {showSync && <SyncModal onClose={() => setShowSync(false)} onImported={onImported} />}
      {showSettings && settings && (
        <SettingsModal
          settings={settings}
          onClose={() => setShowSettings(false)}
          onSaved={(s) => {
            setSettings(s);
            setShowSettings(false);
          }}
        />
      )}
      {showImport && <ImportModal busy={setBusy} onClose={() => setShowImport(false)} onImported={onImported} />}
      {peopleTab && (
        <PeopleWorkspace
          district={district === NATIONAL ? null : district}
          districtName={districtName(district)}
          units={districtUnits}
          tab={peopleTab}
          onTab={setPeopleTab}
          onClose={() => setPeopleTab(null)}
          onChanged={() => setPeopleVersion((v) => v + 1)}
        />
      )}
      <Modal
        opened={showTraining && !showImport}
        onClose={dismissTraining}
        title={t('trainingTitle')}
        data-testid="training-modal"
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('trainingBody')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={dismissTraining} data-testid="training-dismiss">
              {t('trainingLater')}
            </Button>
            <Button
              onClick={() => {
                dismissTraining();
                setShowImport(true);
              }}
              data-testid="training-import"
            >
              {t('trainingImport')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {busy.on && (
        <div className="saban-busy" data-testid="busy">
          <LoadingOverlay visible zIndex={1000} overlayProps={{ blur: 1 }} />
          <Text className="saban-busy-label">{busy.label ?? t('working')}</Text>
        </div>
      )}
    </AppShell>
  );
}
