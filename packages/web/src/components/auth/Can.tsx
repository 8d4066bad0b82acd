// Renders its children only for a role that may `do` the capability: refused controls stay off screen.
import type { ReactNode } from 'react';
import { useCan } from '@/hooks/use-auth';
import type { Capability } from '@/lib/roles';

export function Can({ do: capability, children }: { do: Capability; children: ReactNode }) {
  return useCan(capability) ? children : null;
}
