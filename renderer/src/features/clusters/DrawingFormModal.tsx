import { Modal } from '@mantine/core';
import type { ReactNode } from 'react';
import { clustersStore } from './clusters-view';

/** The form's title and test id, whether it is hidden for drawing, and the form itself. */
interface DrawingFormModalProps {
  readonly hidden: boolean;
  readonly title: string;
  readonly testId: string;
  readonly children: ReactNode;
}

/**
 * The modal of a cluster or lockdown form. It stays mounted while the operator draws on the map
 * (`hidden`), so its fields survive the drawing; hidden, it is gone at once, so the first click on
 * the map places a vertex instead of landing on the fading overlay (which would close the form and
 * cancel the drawing). Closing it while visible closes the dialog.
 */
export function DrawingFormModal({ hidden, title, testId, children }: DrawingFormModalProps): React.JSX.Element {
  return (
    <Modal
      opened={!hidden}
      keepMounted
      transitionProps={hidden ? { duration: 0 } : undefined}
      onClose={() => {
        if (!hidden) clustersStore.close();
      }}
      title={title}
      size="lg"
      data-testid={testId}
    >
      {children}
    </Modal>
  );
}
