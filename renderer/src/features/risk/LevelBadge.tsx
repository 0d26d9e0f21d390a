import { Badge } from '@mantine/core';
import { RISK_LEVELS, type RiskLevel } from '../../../../shared/risk';
import { useI18n } from '../../i18n';
import { riskName } from './risk-map';

/** A level's name on its colour (dark text on the light colours). */
export function LevelBadge(props: { readonly level: RiskLevel; readonly testId?: string }): React.JSX.Element {
  const { lang } = useI18n();
  const dark = props.level === 4 || props.level === 1 || props.level === 3;
  return (
    <Badge
      size="md"
      radius="sm"
      tt="none"
      styles={{
        root: { background: RISK_LEVELS[props.level].colour, color: dark ? '#fff' : '#212121', height: 'auto' },
        label: { whiteSpace: 'normal', paddingBlock: 2 },
      }}
      data-testid={props.testId}
      data-level={props.level}
    >
      {riskName(lang, props.level)}
    </Badge>
  );
}
