import { Autocomplete } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';

/** The code a unit field's text stands for: a chosen suggestion `99901 · Xã An Bình`, or the text as typed. */
export function unitFilterCode(text: string): string {
  return text.split(' · ')[0]!.trim();
}

/**
 * The unit filter: a code or record id as typed, or a unit found by name (without diacritics)
 * among the suggestions, which puts its code in front.
 */
export function UnitFilterField(props: {
  readonly value: string;
  readonly onChange: (text: string) => void;
}): React.JSX.Element {
  const t = useStrings(strings);
  const [search] = useDebouncedValue(props.value.trim(), 200);
  const byName = search.length >= 2 && !search.includes(' · ') && /\p{L}/u.test(search);
  const found = useApiQuery('units.list', { query: search, limit: 8 }, { enabled: byName, keepPrevious: true });
  const options = byName ? (found.data ?? []).map((u) => `${u.code} · ${u.name}`) : [];
  return (
    <Autocomplete
      label={t('unit')}
      placeholder={t('unitPlaceholder')}
      value={props.value}
      onChange={props.onChange}
      data={options}
      // The engine already matched the words without diacritics.
      filter={({ options: all }) => all}
      clearable
      data-testid="audit-unit"
    />
  );
}
