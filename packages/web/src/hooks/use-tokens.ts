// API token hooks: your tokens (admins: everyone's), create (the secret comes back once), revoke.
import type { Role } from '@nqvm/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function useTokens() {
  return useQuery({ queryKey: queryKeys.tokens.list(), queryFn: () => api().tokens.list() });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: { name: string; role?: Role; expires_at?: string }) => api().tokens.create(req),
    // No success toast: the dialog showing the secret is the confirmation.
    meta: { action: 'Create token' },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string; name: string }) => api().tokens.revoke(id),
    meta: { action: 'Revoke token', success: (v) => `Token ${(v as { name: string }).name} revoked` },
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
}
