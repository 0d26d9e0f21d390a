import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../data/query';
import { useLocal, useStrings } from '../../i18n/define';
import { strings } from './strings';

/** The sign-in screen (Vietnamese first), shown when nobody is signed in or the session ended. */
export function LoginScreen(props: {
  readonly idleEnded: number | null;
  readonly onSignedIn: () => void;
}): React.JSX.Element {
  const t = useStrings(strings);
  const local = useLocal();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useApiMutation('auth.login', { onSuccess: () => props.onSignedIn() });
  const submit = (e: React.FormEvent): void => {
    e.preventDefault();
    signIn.mutate({ login, password });
  };
  return (
    <Center h="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={380} data-testid="login-screen">
        <form onSubmit={submit}>
          <Stack>
            <Title order={3}>{t('loginTitle')}</Title>
            <Text size="sm" c="dimmed">
              {t('loginHelp')}
            </Text>
            {props.idleEnded !== null && (
              <Alert color="yellow" data-testid="login-idle">
                {t('idleSignedOut', { minutes: props.idleEnded })}
              </Alert>
            )}
            {signIn.error && (
              <Alert color="red" data-testid="login-error">
                {local(signIn.error.text)}
              </Alert>
            )}
            <TextInput
              label={t('login')}
              value={login}
              onChange={(e) => setLogin(e.currentTarget.value)}
              autoFocus
              autoComplete="username"
              required
              data-testid="login-name"
            />
            <PasswordInput
              label={t('password')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
              required
              data-testid="login-password"
            />
            <Button type="submit" loading={signIn.isPending} data-testid="login-submit">
              {t('signIn')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
