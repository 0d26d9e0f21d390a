/**
 * Date and date-time fields that read and show dd/mm/yyyy and 24 h whatever the browser's or the
 * OS's locale (the native `<input type="date">` follows the OS: mm/dd/yyyy, AM/PM, English
 * validation). Values are Vietnam wall-clock strings: a day `YYYY-MM-DD`, an instant as ISO.
 */
import { DateInput, DateTimePicker } from '@mantine/dates';
import { useState } from 'react';
import { parseDay, parseVnDateTime, toVnIso } from '../../../shared/time';
import { defineStrings, useStrings } from '../i18n/define';

const strings = defineStrings(
  {
    badDay: 'Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 24/11/2021.',
    badDateTime: 'Thời điểm không hợp lệ: nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 24/11/2021 12:00.',
  },
  {
    badDay: 'Invalid date: type day/month/year, e.g. 24/11/2021.',
    badDateTime: 'Invalid time: type day/month/year hour:minute, e.g. 24/11/2021 12:00.',
  },
);

/** Props shared by the two fields. */
interface FieldProps {
  readonly label: string;
  readonly description?: string;
  readonly required?: boolean;
  readonly disabled?: boolean;
  /** An error to show instead of the field's own. */
  readonly error?: string | null;
  readonly 'data-testid'?: string;
}

/** A day field: value and onChange use `YYYY-MM-DD` (null when empty). */
export function DayField(
  props: FieldProps & {
    readonly value: string | null;
    readonly onChange: (day: string | null) => void;
    readonly minDay?: string;
    readonly maxDay?: string;
  },
): React.JSX.Element {
  const t = useStrings(strings);
  const [bad, setBad] = useState(false);
  return (
    <DateInput
      label={props.label}
      description={props.description}
      required={props.required}
      disabled={props.disabled}
      data-testid={props['data-testid']}
      value={props.value}
      valueFormat="DD/MM/YYYY"
      placeholder="dd/mm/yyyy"
      minDate={props.minDay}
      maxDate={props.maxDay}
      clearable={!props.required}
      dateParser={(text) => {
        const day = parseDay(text);
        setBad(day === null && text.trim() !== '');
        return day;
      }}
      onChange={(v) => {
        setBad(false);
        props.onChange(v);
      }}
      error={props.error ?? (bad ? t('badDay') : undefined)}
    />
  );
}

/** A date-and-time field in Vietnam time, 24 h: value and onChange use ISO instants (null when empty). */
export function DateTimeField(
  props: FieldProps & { readonly value: string | null; readonly onChange: (iso: string | null) => void },
): React.JSX.Element {
  const t = useStrings(strings);
  const [bad, setBad] = useState(false);
  // The picker works on wall-clock strings; the instant is read and written as Vietnam time.
  const wallClock = props.value ? toVnIso(props.value).slice(0, 16).replace('T', ' ') : null;
  return (
    <DateTimePicker
      label={props.label}
      description={props.description}
      required={props.required}
      disabled={props.disabled}
      data-testid={props['data-testid']}
      value={wallClock}
      valueFormat="DD/MM/YYYY HH:mm"
      placeholder="dd/mm/yyyy hh:mm"
      clearable={!props.required}
      onChange={(v) => {
        if (v === null) {
          setBad(false);
          props.onChange(null);
          return;
        }
        const ms = parseVnDateTime(v.slice(0, 16).replace(' ', 'T'));
        setBad(ms === null);
        if (ms !== null) props.onChange(new Date(ms).toISOString());
      }}
      error={props.error ?? (bad ? t('badDateTime') : undefined)}
    />
  );
}
