import { Alert, Button, Group, Menu, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { MIN_PASSWORD } from '../../../../shared/contract-auth';
import { useApiMutation } from '../../data/query';
import { useLocal, useStrings } from '../../i18n/define';
import { useNotify } from '../../ui/Notifications';
import { useMe, useMay } from './me';
import { ROLE_KEY, strings } from './strings';

/** The header's user menu: who is signed in, change password, accounts (administrators), sign out. */
export function UserMenu(props: { readonly onAccounts: () => void }): React.JSX.Element | null {
  const t = useStrings(strings);
  const me = useMe();
  const admin = useMay('admin');
  const [changing, setChanging] = useState(false);
  const logout = useApiMutation('auth.logout');
  if (!me) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          {/* Narrow screens cut a long name short; the whole of it is in the tooltip. */}
          <Button
            variant="subtle"
            maw={{ base: 190, xl: 340 }}
            title={`${me.displayName} · ${t(ROLE_KEY[me.role])}`}
            data-testid="user-menu"
            aria-label={t('userMenu')}
          >
            <Text span inherit truncate="end" display="block">
              {me.displayName} · {t(ROLE_KEY[me.role])} ▾
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => setChanging(true)} data-testid="menu-change-password">
            {t('changePassword')}
          </Menu.Item>
          {admin && (
            <Menu.Item onClick={props.onAccounts} data-testid="menu-accounts">
              {t('accounts')}
            </Menu.Item>
          )}
          <Menu.Divider />
          <Menu.Item onClick={() => logout.mutate({})} data-testid="menu-sign-out">
            {t('signOut')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {changing && <ChangePassword onClose={() => setChanging(false)} />}
    </>
  );
}

function ChangePassword(props: { readonly onClose: () => void }): React.JSX.Element {
  const t = useStrings(strings);
  const local = useLocal();
  const notify = useNotify();
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [again, setAgain] = useState('');
  const change = useApiMutation('auth.changePassword', {
    onSuccess: () => {
      notify.success(t('passwordChanged'));
      props.onClose();
    },
  });
  const ok = newPassword.length >= MIN_PASSWORD && again === newPassword && oldPassword !== '';
  return (
    <Modal opened onClose={props.onClose} title={t('changePassword')} data-testid="change-password">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) change.mutate({ oldPassword, newPassword });
        }}
      >
        <Stack>
          {change.error && <Alert color="red">{local(change.error.text)}</Alert>}
          <PasswordInput
            label={t('oldPassword')}
            value={oldPassword}
            onChange={(e) => setOld(e.currentTarget.value)}
            autoFocus
            required
          />
          <PasswordInput
            label={t('newPassword')}
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={
              newPassword.length > 0 && newPassword.length < MIN_PASSWORD
                ? t('passwordShort', { n: MIN_PASSWORD })
                : null
            }
            required
          />
          <PasswordInput
            label={t('passwordAgain')}
            value={again}
            onChange={(e) => setAgain(e.currentTarget.value)}
            error={again.length > 0 && again !== newPassword ? t('passwordMismatch') : null}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" disabled={!ok} loading={change.isPending}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
