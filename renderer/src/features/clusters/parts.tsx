/** Small pieces the clusters dialogs share: a row's open button, a form's buttons, a red submit. */
import { Button, Group } from '@mantine/core';
import { useStrings } from '../../i18n/define';
import { clustersStore } from './clusters-view';
import { strings } from './strings';

/** "Mở" in a list row. */
export function OpenButton(props: { readonly onClick: () => void }): React.JSX.Element {
  const t = useStrings(strings);
  return (
    <Button size="compact-xs" variant="default" onClick={props.onClick}>
      {t('open')}
    </Button>
  );
}

/** Cancel (closes the dialog) and Save (submits the form). */
export function FormButtons(props: {
  readonly canSave: boolean;
  readonly pending: boolean;
  readonly testId: string;
}): React.JSX.Element {
  const t = useStrings(strings);
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={() => clustersStore.close()}>
        {t('cancel')}
      </Button>
      <Button type="submit" disabled={!props.canSave} loading={props.pending} data-testid={props.testId}>
        {t('save')}
      </Button>
    </Group>
  );
}

/** The submit of an act that ends something (closing a cluster, ending a lockdown). */
export function EndButton(props: {
  readonly label: string;
  readonly disabled: boolean;
  readonly pending: boolean;
  readonly testId: string;
}): React.JSX.Element {
  return (
    <Group justify="flex-end">
      <Button
        type="submit"
        color="red"
        variant="light"
        disabled={props.disabled}
        loading={props.pending}
        data-testid={props.testId}
      >
        {props.label}
      </Button>
    </Group>
  );
}
