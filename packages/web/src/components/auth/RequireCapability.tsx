// A page's content only for roles that may use it; others get a plain explanation instead of refusals.
import type { ReactNode } from 'react';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useMe } from '@/hooks/use-auth';
import { CAPABILITIES, type Capability, can } from '@/lib/roles';

export function RequireCapability({
  do: capability,
  what,
  children,
  lenient = false,
}: {
  do: Capability;
  /** Show the content while the role is unknown (manager down): refuse only a role known to lack it. */
  lenient?: boolean;
  /** What the page lets you do, for the explanation: "manage users". */
  what: string;
  children: ReactNode;
}) {
  const me = useMe();
  if (lenient && !me.data) return children;
  if (me.error) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) return <TableSkeleton rows={3} />;
  if (!can(me.data.role, capability))
    return (
      <EmptyState
        title={`Signed in as ${me.data.username} (${me.data.role}): you can't ${what}`}
        description={`This needs the ${CAPABILITIES[capability]} role. Ask an admin if you need it.`}
      />
    );
  return children;
}
