/**
 * The header's briefing buttons: "Bản tin bản đồ (PDF)" prints the briefing of the district (or
 * the whole country) on the day the map shows, in one click; "▶" presents it full screen.
 */
import { Button, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { fileDate } from '../../../../shared/time';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { printToPdf } from '../../print/print-action';
import { useNotify } from '../../ui/Notifications';
import { Presentation } from './Presentation';
import { strings } from './strings';

export interface BriefingButtonsProps {
  /** The district or province shown; null: the whole country. */
  readonly within: string | null;
  /** The day the map shows (null: today). */
  readonly day: string | null;
}

/** The briefing's file name: `ban-tin-<unit>-<day>.pdf`. */
export function briefingFileName(within: string | null, day: string): string {
  return `ban-tin-${within ?? 'toan-quoc'}-${day}.pdf`;
}

export function BriefingButtons(props: BriefingButtonsProps): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const notify = useNotify();
  const [printing, setPrinting] = useState(false);
  const [presenting, setPresenting] = useState(false);
  const day = props.day ?? fileDate();
  const params = { date: day, within: props.within ?? 'all' };

  const print = (): void => {
    setPrinting(true);
    const fileName = briefingFileName(props.within, day);
    printToPdf({ page: 'briefing', params, lang }, fileName)
      .then((how) => (how === 'pdf' ? notify.success(t('printed', { file: fileName })) : notify.warn(t('printDialog'))))
      .catch((err: unknown) => notify.error(err))
      .finally(() => setPrinting(false));
  };

  return (
    <>
      <Button.Group>
        <Button variant="default" onClick={print} loading={printing} data-testid="briefing-pdf">
          {t('printButton')}
        </Button>
        <Tooltip label={t('present')}>
          <Button
            variant="default"
            onClick={() => setPresenting(true)}
            aria-label={t('present')}
            data-testid="briefing-present"
          >
            ▶
          </Button>
        </Tooltip>
      </Button.Group>
      {presenting && <Presentation within={props.within} day={day} onClose={() => setPresenting(false)} />}
    </>
  );
}
