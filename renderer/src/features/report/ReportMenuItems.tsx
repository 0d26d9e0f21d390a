import { Menu } from '@mantine/core';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';

/** The report's entries in the header menu: the 14:00 report and the province's 15:00 view. */
export function ReportMenuItems(props: {
  readonly onReport: (() => void) | null;
  readonly onProvince: () => void;
}): React.JSX.Element {
  const t = useStrings(strings);
  return (
    <>
      <Menu.Item onClick={props.onReport ?? undefined} disabled={!props.onReport} data-testid="menu-report">
        {t('menuReport')}
      </Menu.Item>
      <Menu.Item onClick={props.onProvince} data-testid="menu-province-reports">
        {t('menuProvince')}
      </Menu.Item>
    </>
  );
}
