import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';

const TRAINING_DISMISSED_KEY = 'saban.trainingDismissed';

/** The first-run notice on the fictional training district, once per session. */
export function TrainingModal(props: {
  readonly trainingOnly: boolean;
  /** Another dialog is open (the import dialog): wait. */
  readonly hidden: boolean;
  readonly onImport: () => void;
}): React.JSX.Element {
  const t = useStrings(strings);
  const [dismissed, setDismissed] = useState(() => sessionStorage.getItem(TRAINING_DISMISSED_KEY) === '1');
  const dismiss = (): void => {
    sessionStorage.setItem(TRAINING_DISMISSED_KEY, '1');
    setDismissed(true);
  };
  return (
    <Modal
      opened={props.trainingOnly && !dismissed && !props.hidden}
      onClose={dismiss}
      title={t('trainingTitle')}
      data-testid="training-modal"
      centered
    >
      <Stack gap="md">
        <Text size="sm">{t('trainingBody')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={dismiss} data-testid="training-dismiss">
            {t('trainingLater')}
          </Button>
          <Button
            onClick={() => {
              dismiss();
              props.onImport();
            }}
            data-testid="training-import"
          >
            {t('trainingImport')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
