/** Who is signed in, for the whole app: role-aware screens read it to hide what the role cannot do. */
import { createContext, useContext } from 'react';
import { type Access, roleMay } from '../../../../shared/access';
import type { Me } from '../../../../shared/contract-auth';

/** The signed-in account (null only outside the gate, e.g. in component tests). */
export const MeContext = createContext<Me | null>(null);

/** The signed-in account, or null. */
export function useMe(): Me | null {
  return useContext(MeContext);
}

/**
 * Whether the signed-in account may do what `access` needs. Outside the gate (no account known)
 * everything shows: the engine refuses what the role may not, whatever the screen shows.
 */
export function useMay(access: Access): boolean {
  const me = useMe();
  return me === null || roleMay(me.role, access);
}
