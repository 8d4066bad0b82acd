// Who is signed in (GET /v1/auth/me) and what their role lets the UI offer.
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { getToken } from '@/lib/auth-token';
import { queryKeys } from '@/lib/query-keys';
import { type Capability, can } from '@/lib/roles';

export function useMe() {
  return useQuery({
    queryKey: queryKeys.auth.me(),
    queryFn: () => api().auth.me(),
    // Signed out (or rendering on the server): nobody to ask about.
    enabled: typeof window !== 'undefined' && !!getToken(),
    // A role changes rarely; a 401 sends the user to sign in anyway.
    staleTime: 60_000,
  });
}

/** True once the signed-in role is known and allows `capability`. */
export function useCan(capability: Capability): boolean {
  return can(useMe().data?.role, capability);
}
