import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Radio,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { MIN_PASSWORD, type OfficeChoice } from '../../../../shared/contract-auth';
import { useApiMutation } from '../../data/query';
import { useLocal, useStrings } from '../../i18n/define';
import { strings } from './strings';

type Kind = OfficeChoice['kind'];

/**
 * First-run setup, shown while the database has no account: what this office is, the first
 * administrator (signed in at once), then the offer to import the unit list and boundaries.
 * Nothing needs the command line.
 */
export function SetupWizard(props: { readonly onDone: (importNow: boolean) => void }): React.JSX.Element {
  const t = useStrings(strings);
  const local = useLocal();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<Kind>('training');
  const [code, setCode] = useState('');
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const run = useApiMutation('setup.run', { onSuccess: () => setDone(true) });

  const codeOk = kind === 'training' || (kind === 'district' ? /^[0-9]{3}$/ : /^[0-9]{2}$/).test(code.trim());
  const passwordError =
    password.length > 0 && password.length < MIN_PASSWORD
      ? t('passwordShort', { n: MIN_PASSWORD })
      : again.length > 0 && again !== password
        ? t('passwordMismatch')
        : null;
  const adminOk =
    login.trim().length >= 2 && name.trim() !== '' && password.length >= MIN_PASSWORD && again === password;
  const office: OfficeChoice =
    kind === 'training' ? { kind } : kind === 'district' ? { kind, code: code.trim() } : { kind, code: code.trim() };

  const finish = (e: React.FormEvent): void => {
    e.preventDefault();
    if (!adminOk) return;
    run.mutate({ office, admin: { login: login.trim(), displayName: name.trim(), password } });
  };

  return (
    <Center h="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={560} data-testid="setup-wizard">
        <Stack>
          <Title order={3}>{t('setupTitle')}</Title>
          <Stepper active={done ? 2 : step} size="sm">
            <Stepper.Step label={t('setupStepOffice')} />
            <Stepper.Step label={t('setupStepAdmin')} />
            <Stepper.Step label={t('setupStepData')} />
          </Stepper>
          {!done && step === 0 && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (codeOk) setStep(1);
              }}
            >
              <Stack>
                <Radio.Group label={t('setupOfficeQuestion')} value={kind} onChange={setKind}>
                  <Stack gap="xs" mt="xs">
                    <Radio value="training" label={t('officeTraining')} data-testid="setup-training" />
                    <Radio value="district" label={t('officeDistrict')} data-testid="setup-district" />
                    <Radio value="province" label={t('officeProvince')} data-testid="setup-province" />
                  </Stack>
                </Radio.Group>
                {kind !== 'training' && (
                  <TextInput
                    label={kind === 'district' ? t('districtCode') : t('provinceCode')}
                    value={code}
                    onChange={(e) => setCode(e.currentTarget.value)}
                    error={code.trim() !== '' && !codeOk ? t('codeInvalid') : null}
                    inputMode="numeric"
                    autoFocus
                    data-testid="setup-code"
                  />
                )}
                <Group justify="flex-end">
                  <Button type="submit" disabled={!codeOk} data-testid="setup-next">
                    {t('next')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          {!done && step === 1 && (
            <form onSubmit={finish}>
              <Stack>
                {run.error && (
                  <Alert color="red" data-testid="setup-error">
                    {local(run.error.text)}
                  </Alert>
                )}
                <TextInput
                  label={t('displayName')}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                  autoFocus
                  data-testid="setup-name"
                />
                <TextInput
                  label={t('login')}
                  value={login}
                  onChange={(e) => setLogin(e.currentTarget.value)}
                  required
                  autoComplete="username"
                  data-testid="setup-login"
                />
                <PasswordInput
                  label={t('password')}
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  required
                  autoComplete="new-password"
                  data-testid="setup-password"
                />
                <PasswordInput
                  label={t('passwordAgain')}
                  value={again}
                  onChange={(e) => setAgain(e.currentTarget.value)}
                  error={passwordError}
                  required
                  autoComplete="new-password"
                  data-testid="setup-password-again"
                />
                <Group justify="space-between">
                  <Button variant="default" onClick={() => setStep(0)}>
                    {t('back')}
                  </Button>
                  <Button type="submit" disabled={!adminOk} loading={run.isPending} data-testid="setup-finish">
                    {t('finish')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          {done && (
            <Stack>
              <Text>{t('setupDataHelp')}</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => props.onDone(true)} data-testid="setup-import">
                  {t('importNow')}
                </Button>
                <Button onClick={() => props.onDone(false)} data-testid="setup-open-map">
                  {t('openMap')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
