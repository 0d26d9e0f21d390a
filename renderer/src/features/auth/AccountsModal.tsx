import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { ROLES, type Role } from '../../../../shared/access';
import { type Account, MIN_PASSWORD } from '../../../../shared/contract-auth';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useLocal, useStrings } from '../../i18n/define';
import { useNotify } from '../../ui/Notifications';
import { ROLE_KEY, strings } from './strings';

/** Administrators' screen: every account, add and edit, reset a password, disable. */
export function AccountsModal(props: { readonly onClose: () => void }): React.JSX.Element {
  const t = useStrings(strings);
  const notify = useNotify();
  const list = useApiQuery('users.list', {});
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [resetting, setResetting] = useState<Account | null>(null);
  const disable = useApiMutation('users.disable', { onError: (err) => notify.error(err) });
  const accounts = list.data ?? [];
  return (
    <Modal opened onClose={props.onClose} title={t('accountsTitle')} size="xl" data-testid="accounts-modal">
      <Stack>
        <Group justify="flex-end">
          <Button onClick={() => setEditing('new')} data-testid="account-add">
            {t('addAccount')}
          </Button>
        </Group>
        {accounts.length === 0 ? (
          <Text c="dimmed">{t('noAccounts')}</Text>
        ) : (
          <Table striped highlightOnHover data-testid="accounts-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('displayName')}</Table.Th>
                <Table.Th>{t('login')}</Table.Th>
                <Table.Th>{t('role')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.map((a) => (
                <Table.Tr key={a.id} data-testid="account-row">
                  <Table.Td>
                    {a.displayName} {a.disabled && <Badge color="gray">{t('disabled')}</Badge>}
                    {a.lockedUntil && <Badge color="red">{t('locked')}</Badge>}
                  </Table.Td>
                  <Table.Td>{a.login}</Table.Td>
                  <Table.Td>
                    {t(ROLE_KEY[a.role])}
                    {a.role === 'border' && a.communes.length > 0 ? ` (${a.communes.join(', ')})` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => setEditing(a)}>
                        {t('editAccount')}
                      </Button>
                      <Button size="xs" variant="default" onClick={() => setResetting(a)}>
                        {t('resetPassword')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        color={a.disabled ? undefined : 'red'}
                        onClick={() => disable.mutate({ id: a.id, disabled: !a.disabled })}
                      >
                        {a.disabled ? t('enable') : t('disable')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {editing && <AccountForm account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {resetting && <ResetPassword account={resetting} onClose={() => setResetting(null)} />}
    </Modal>
  );
}

function AccountForm(props: { readonly account: Account | null; readonly onClose: () => void }): React.JSX.Element {
  const t = useStrings(strings);
  const local = useLocal();
  const notify = useNotify();
  const a = props.account;
  const [login, setLogin] = useState(a?.login ?? '');
  const [name, setName] = useState(a?.displayName ?? '');
  const [role, setRole] = useState<Role>(a?.role ?? 'operator');
  const [phone, setPhone] = useState(a?.phone ?? '');
  const [communes, setCommunes] = useState(a?.communes.join(', ') ?? '');
  const [password, setPassword] = useState('');
  const save = useApiMutation('users.save', {
    onSuccess: (out) => {
      notify.success(t('saved', { login: out.login }));
      props.onClose();
    },
  });
  const ok = login.trim().length >= 2 && name.trim() !== '' && (a !== null || password.length >= MIN_PASSWORD);
  return (
    <Modal opened onClose={props.onClose} title={a ? t('editAccount') : t('addAccount')} data-testid="account-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!ok) return;
          save.mutate({
            ...(a ? { id: a.id } : {}),
            login: login.trim(),
            displayName: name.trim(),
            role,
            phone: phone.trim() || null,
            posts: a?.posts ?? [],
            communes: communes
              .split(',')
              .map((c) => c.trim())
              .filter((c) => c !== ''),
            ...(password ? { password } : {}),
          });
        }}
      >
        <Stack>
          {save.error && <Alert color="red">{local(save.error.text)}</Alert>}
          <TextInput
            label={t('displayName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            autoFocus
            data-testid="account-name"
          />
          <TextInput
            label={t('login')}
            value={login}
            onChange={(e) => setLogin(e.currentTarget.value)}
            required
            data-testid="account-login"
          />
          <Select
            label={t('role')}
            value={role}
            onChange={(v) => v && setRole(v)}
            data={ROLES.map((r) => ({ value: r, label: t(ROLE_KEY[r]) }))}
            allowDeselect={false}
            data-testid="account-role"
          />
          {role === 'border' && (
            <TextInput
              label={t('scopeCommunes')}
              value={communes}
              onChange={(e) => setCommunes(e.currentTarget.value)}
              data-testid="account-communes"
            />
          )}
          <TextInput label={t('phone')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
          {!a && (
            <PasswordInput
              label={t('password')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={
                password.length > 0 && password.length < MIN_PASSWORD ? t('passwordShort', { n: MIN_PASSWORD }) : null
              }
              required
              data-testid="account-password"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" disabled={!ok} loading={save.isPending} data-testid="account-save">
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPassword(props: { readonly account: Account; readonly onClose: () => void }): React.JSX.Element {
  const t = useStrings(strings);
  const local = useLocal();
  const notify = useNotify();
  const [password, setPassword] = useState('');
  const reset = useApiMutation('users.resetPassword', {
    onSuccess: () => {
      notify.success(t('passwordChanged'));
      props.onClose();
    },
  });
  return (
    <Modal opened onClose={props.onClose} title={`${t('resetPassword')}: ${props.account.displayName}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (password.length >= MIN_PASSWORD) reset.mutate({ id: props.account.id, password });
        }}
      >
        <Stack>
          {reset.error && <Alert color="red">{local(reset.error.text)}</Alert>}
          <PasswordInput
            label={t('newPassword')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoFocus
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" disabled={password.length < MIN_PASSWORD} loading={reset.isPending}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
