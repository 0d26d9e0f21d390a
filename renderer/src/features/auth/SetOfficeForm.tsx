import { Button, Group, SegmentedControl, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useNotify } from '../../ui/Notifications';
import { useMay } from './me';
import { strings } from './strings';

/**
 * Sets which office this database serves (administrators), where the first-run setup did not:
 * the Sync dialog shows it instead of sending anyone to the command line.
 */
export function SetOfficeForm(): React.JSX.Element | null {
  const t = useStrings(strings);
  const notify = useNotify();
  const admin = useMay('admin');
  const [role, setRole] = useState<'district' | 'province'>('district');
  const [code, setCode] = useState('');
  const set = useApiMutation('sync.setOffice', { onError: (err) => notify.error(err) });
  if (!admin) return null;
  const ok = (role === 'district' ? /^[0-9]{3}$/ : /^[0-9]{2}$/).test(code.trim());
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) set.mutate({ role, office: code.trim() });
      }}
    >
      <Group mt="md" align="flex-end">
        <SegmentedControl
          value={role}
          onChange={(v) => setRole(v === 'province' ? 'province' : 'district')}
          data={[
            { value: 'district', label: t('officeDistrict') },
            { value: 'province', label: t('officeProvince') },
          ]}
        />
        <TextInput
          label={role === 'district' ? t('districtCode') : t('provinceCode')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          inputMode="numeric"
          w={200}
          data-testid="office-code"
        />
        <Button type="submit" disabled={!ok} loading={set.isPending} data-testid="office-save">
          {t('save')}
        </Button>
      </Group>
    </form>
  );
}
