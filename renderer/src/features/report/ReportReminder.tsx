import { Alert, Button, Group, Text } from '@mantine/core';
import { formatDate } from '../../../../shared/time';
import { minutesOf } from '../../../../shared/report';
import { useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';
import './report.css';

/** How often the reminder asks the engine (its clock decides when the reminder hour has come). */
const POLL_MS = 60_000;

/**
 * The shell's reminder: from the office's reminder hour (13:30 by default; the engine's clock) while today's report of the
 * district is not sent, a banner that opens the report; past the deadline it says the report is late.
 */
export function ReportReminder(props: {
  readonly district: string;
  readonly onOpen: () => void;
}): React.JSX.Element | null {
  const t = useStrings(strings);
  const today = useApiQuery('report.today', { district: props.district }, { refetchInterval: POLL_MS }).data;
  if (!today?.remind) return null;
  const deadline = today.deadlines.deadline;
  const past = today.minute >= (minutesOf(deadline) ?? 14 * 60);
  return (
    <Alert
      color={past ? 'red' : 'orange'}
      variant="filled"
      className="report-reminder"
      data-testid="report-reminder"
      p="xs"
    >
      <Group gap="sm" wrap="nowrap">
        <Text size="sm" fw={600}>
          {t(past ? 'reminderLate' : 'reminder', {
            day: formatDate(today.day),
            district: today.districtName,
            deadline,
          })}
        </Text>
        <Button
          size="xs"
          variant="white"
          color={past ? 'red' : 'orange'}
          onClick={props.onOpen}
          data-testid="report-reminder-open"
        >
          {t('reminderOpen')}
        </Button>
      </Group>
    </Alert>
  );
}
