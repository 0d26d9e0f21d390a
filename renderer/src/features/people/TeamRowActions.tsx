import { Button, Group } from '@mantine/core';
import { usePeopleText } from './strings';

/** A team row's edit and delete buttons; nothing for a role that only reads. */
export function TeamRowActions(props: {
  readonly mayWrite: boolean;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
  readonly deleteTestId: string;
}): React.JSX.Element | null {
  const { t } = usePeopleText();
  if (!props.mayWrite) return null;
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" variant="subtle" onClick={props.onEdit}>
        {t('edit')}
      </Button>
      <Button size="compact-xs" variant="subtle" color="red" onClick={props.onDelete} data-testid={props.deleteTestId}>
        {t('delete')}
      </Button>
    </Group>
  );
}
