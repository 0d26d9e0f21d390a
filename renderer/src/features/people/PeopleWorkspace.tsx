import { Modal, Stack, Tabs } from '@mantine/core';
import type { UnitSummary } from '../../../../shared/contract';
import { usePeopleText } from './strings';
import { CoverageRules } from './CoverageRules';
import { DirectoryView } from './DirectoryView';
import { PeopleImport } from './PeopleImport';
import { PeopleRegister } from './PeopleRegister';
import { CommunityTeams } from './CommunityTeams';
import { SteeringTeams } from './SteeringTeams';
import { useMay } from '../auth/me';

/** The tabs of the workspace. */
export type PeopleTab = 'people' | 'teams' | 'directory' | 'import' | 'rules';
const TABS: readonly PeopleTab[] = ['people', 'teams', 'directory', 'import', 'rules'];

export interface PeopleWorkspaceProps {
  readonly district: string | null;
  readonly districtName: string;
  /** The district's communes and hamlets, for choosing areas. */
  readonly units: readonly UnitSummary[];
  readonly tab: PeopleTab;
  readonly onTab: (tab: PeopleTab) => void;
  readonly onClose: () => void;
  /** Something changed: the map's coverage reloads. */
  /** Called after a write here (views refresh by themselves through the query layer). */
  readonly onChanged?: () => void;
}

/** Leaders and teams: the register, teams, the directory, the CSV import and the warning rules. */
export function PeopleWorkspace(props: PeopleWorkspaceProps): React.JSX.Element {
  const { t } = usePeopleText();
  const mayWrite = useMay('write');
  const changed = (): void => props.onChanged?.();
  // A role that only reads has no import tab (asked for it, e.g. through a shortcut, it shows the people).
  const tab = props.tab === 'import' && !mayWrite ? 'people' : props.tab;
  return (
    <Modal opened onClose={props.onClose} title={t('pplTitle')} size="90%" data-testid="people-workspace">
      <Tabs
        value={tab}
        onChange={(v) => {
          const tab = TABS.find((x) => x === v);
          if (tab) props.onTab(tab);
        }}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="people" data-testid="people-tab-people">
            {t('pplTabPeople')}
          </Tabs.Tab>
          <Tabs.Tab value="teams" data-testid="people-tab-teams">
            {t('pplTabTeams')}
          </Tabs.Tab>
          <Tabs.Tab value="directory" data-testid="people-tab-directory">
            {t('pplTabDirectory')}
          </Tabs.Tab>
          {mayWrite && (
            <Tabs.Tab value="import" data-testid="people-tab-import">
              {t('pplTabImport')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="rules" data-testid="people-tab-rules">
            {t('pplTabRules')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="people">
          <PeopleRegister units={props.units} onChanged={changed} />
        </Tabs.Panel>
        <Tabs.Panel value="teams">
          <Stack gap="xl">
            <SteeringTeams
              district={props.district}
              districtName={props.districtName}
              units={props.units}
              onChanged={changed}
            />
            <CommunityTeams district={props.district} units={props.units} onChanged={changed} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="directory">
          <DirectoryView district={props.district} districtName={props.districtName} units={props.units} />
        </Tabs.Panel>
        {mayWrite && (
          <Tabs.Panel value="import">
            <PeopleImport onImported={changed} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="rules">
          <CoverageRules onChanged={changed} />
        </Tabs.Panel>
      </Tabs>
    </Modal>
  );
}
