import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { invoke, onSignedOut } from '../../api';
import { useApiQuery } from '../../data/query';
import { LoginScreen } from './LoginScreen';
import { MeContext } from './me';
import { SetupWizard } from './SetupWizard';

/** What the app gets once someone is signed in. */
export interface SignedIn {
  /** True right after the first-run setup, when the user asked to import data. */
  readonly importFirst: boolean;
}

/** Polls the session's state this often (the engine ends an idle session on its own clock). */
const STATUS_POLL_MS = 60_000;
/** What counts as someone using the app. */
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * The gate in front of the app: the first-run setup when the database has no account, the sign-in
 * screen when nobody is signed in (or the session ended), the app otherwise. While signed in, no
 * input for the idle time signs out and returns here; the engine enforces the same time itself.
 */
export function AuthGate(props: { readonly children: (s: SignedIn) => ReactNode }): React.JSX.Element {
  const client = useQueryClient();
  const status = useApiQuery('auth.status', {}, { refetchInterval: STATUS_POLL_MS });
  const [importFirst, setImportFirst] = useState(false);
  // Stays open after setup.run signed the administrator in, for its last step (the imports).
  const [setupOpen, setSetupOpen] = useState(false);
  const setupNeeded = status.data?.setupNeeded ?? false;
  if (setupNeeded && !setupOpen) setSetupOpen(true);
  const [idleEnded, setIdleEnded] = useState<number | null>(null);
  const lastActivity = useRef(0);

  const signedOut = useCallback(() => {
    // Everything cached belonged to the account that left.
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth.status' });
    void client.invalidateQueries({ queryKey: ['auth.status'] });
  }, [client]);
  useEffect(() => onSignedOut(signedOut), [signedOut]);

  const me = status.data?.me ?? null;
  const idleMinutes = status.data?.idleMinutes ?? 30;
  useEffect(() => {
    if (!me) return;
    const touch = (): void => {
      lastActivity.current = Date.now();
    };
    touch();
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current < idleMinutes * 60_000) return;
      setIdleEnded(idleMinutes);
      void invoke('auth.logout', {}).finally(signedOut);
    }, 5_000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true });
      window.clearInterval(timer);
    };
  }, [me, idleMinutes, signedOut]);

  if (!status.data) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (setupNeeded || setupOpen) {
    return (
      <SetupWizard
        onDone={(wantImport) => {
          setImportFirst(wantImport);
          setSetupOpen(false);
        }}
      />
    );
  }
  if (!me) {
    return (
      <LoginScreen
        idleEnded={idleEnded}
        onSignedIn={() => {
          setIdleEnded(null);
          setImportFirst(false);
        }}
      />
    );
  }
  return <MeContext.Provider value={me}>{props.children({ importFirst })}</MeContext.Provider>;
}
