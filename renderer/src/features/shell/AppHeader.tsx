import { Badge, Button, Group, Menu, Select, Text, Title, type ComboboxParsedItem } from '@mantine/core';
import { matchesQuery } from '../../../../shared/text';
import { ClustersMenu } from '../clusters/ClustersMenu';
import { BackupWarning } from '../backup/BackupWarning';
import { strings as backupStrings } from '../backup/strings';
import { BriefingButtons } from '../briefing/BriefingButtons';
import { PostsMenu } from '../posts/PostsMenu';
import { ReportMenuItems } from '../report/ReportMenuItems';
import { useMay } from '../auth/me';
import { UserMenu } from '../auth/UserMenu';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { strings as figuresStrings } from '../figures/strings';
import { strings as riskStrings } from '../risk/strings';
import { strings } from './strings';

/** Filters the district chooser without diacritics ("vinh loi" finds "Huyện Vĩnh Lợi"). */
function districtFilter(input: { options: ComboboxParsedItem[]; search: string }): ComboboxParsedItem[] {
  return input.options.filter((o) => 'label' in o && matchesQuery(o.label, input.search));
}

export interface AppHeaderProps {
  readonly trainingOnly: boolean;
  readonly districtOptions: readonly { value: string; label: string }[];
  readonly district: string | null;
  readonly onDistrict: (code: string) => void;
  readonly onSwitchLang: () => void;
  /** The district for the posts menu (null: the whole country or a province). */
  readonly postsWithin: string | null;
  readonly busy: (on: boolean, label?: string) => void;
  readonly onImport: () => void;
  readonly onSync: () => void;
  readonly onSettings: () => void;
  readonly onPeople: () => void;
  readonly onAudit: () => void;
  /** Opens the 14:00 daily report (null: no district chosen). */
  readonly onReport: (() => void) | null;
  /** Opens the districts' reports (the province's 15:00 view). */
  readonly onProvinceReports: () => void;
  readonly onBackup: () => void;
  readonly onExportLevels: (format: 'geojson' | 'xlsx' | 'csv') => void;
  readonly onAccounts: () => void;
  readonly onFigures: () => void;
  readonly onDashboard: () => void;
  readonly onExportPng: () => void;
  /** What the briefing buttons print or present: the unit shown (null: the country) and the day. */
  readonly briefing: { readonly within: string | null; readonly day: string | null };
}

/** The header: name, training badge, district chooser, language, the posts menu and the main menu. */
export function AppHeader(props: AppHeaderProps): React.JSX.Element {
  const { t: common, lang } = useI18n();
  const t = useStrings(strings);
  const r = useStrings(riskStrings);
  // Role-aware: what the signed-in role cannot do is not offered (the engine refuses it anyway).
  const mayWrite = useMay('write');
  const mayAdmin = useMay('admin');
  const b = useStrings(backupStrings);
  const f = useStrings(figuresStrings);
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Title order={3} className="saban-brand" data-testid="app-name">
          {t('appName')}
        </Title>
        <Text size="sm" c="dimmed" visibleFrom="xl" data-testid="app-tagline">
          {t('appTagline')}
        </Text>
        {props.trainingOnly && (
          <Badge color="orange" variant="light" data-testid="training-badge">
            {t('trainingTitle')}
          </Badge>
        )}
      </Group>
      <Group gap={6} wrap="nowrap">
        <Select
          w={{ base: 210, xl: 280 }}
          aria-label={common('district')}
          placeholder={t('districtPlaceholder')}
          data={props.districtOptions}
          value={props.district}
          onChange={(v) => v && props.onDistrict(v)}
          searchable
          filter={districtFilter}
          nothingFoundMessage={t('districtNone')}
          allowDeselect={false}
          maxDropdownHeight={360}
          data-testid="district-select"
        />
        <Button
          variant="default"
          onClick={props.onSwitchLang}
          data-testid="lang-switch"
          lang={lang === 'vi' ? 'en' : 'vi'}
        >
          {t('switchLanguage')}
        </Button>
        <BackupWarning onOpen={props.onBackup} />
        <BriefingButtons within={props.briefing.within} day={props.briefing.day} />
        <PostsMenu within={props.postsWithin} busy={props.busy} />
        <ClustersMenu within={props.postsWithin} />
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default" data-testid="menu-button">
              {t('menu')} ▾
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {mayWrite && (
              <Menu.Item onClick={props.onFigures} data-testid="menu-figures">
                {f('menuFigures')}
              </Menu.Item>
            )}
            <Menu.Item onClick={props.onDashboard} data-testid="menu-dashboard">
              {f('menuDashboard')}
            </Menu.Item>
            {mayWrite && (
              <Menu.Item onClick={props.onImport} data-testid="menu-import">
                {t('importData')}
              </Menu.Item>
            )}
            <Menu.Item onClick={props.onSync} data-testid="menu-sync">
              {t('syncMenu')}
            </Menu.Item>
            {mayAdmin && (
              <Menu.Item onClick={props.onSettings} data-testid="menu-settings">
                {t('settings')}
              </Menu.Item>
            )}
            <Menu.Item onClick={props.onPeople} data-testid="menu-people">
              {t('menuPeople')}
            </Menu.Item>
            <Menu.Item onClick={props.onAudit} data-testid="menu-audit">
              {t('menuAudit')}
            </Menu.Item>
            <ReportMenuItems onReport={props.onReport} onProvince={props.onProvinceReports} />
            <Menu.Item onClick={props.onBackup} data-testid="menu-backup">
              {b('menu')}
            </Menu.Item>
            <Menu.Divider />
            <Menu.Label>{r('exportMenu')}</Menu.Label>
            <Menu.Item onClick={() => props.onExportLevels('geojson')} data-testid="menu-export-geojson">
              {r('exportGeojson')}
            </Menu.Item>
            <Menu.Item onClick={() => props.onExportLevels('xlsx')} data-testid="menu-export-xlsx">
              {r('exportXlsx')}
            </Menu.Item>
            <Menu.Item onClick={() => props.onExportLevels('csv')} data-testid="menu-export-csv">
              {r('exportCsv')}
            </Menu.Item>
            <Menu.Item onClick={props.onExportPng} data-testid="menu-export-png">
              {r('exportPng')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <UserMenu onAccounts={props.onAccounts} />
      </Group>
    </Group>
  );
}
