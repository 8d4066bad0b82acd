// User hooks (admins): list, create, change role or password, disable/enable, delete.
import type { Role } from '@nqvm/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function useUsers(enabled = true) {
  return useQuery({ queryKey: queryKeys.users.list(), queryFn: () => api().users.list(), enabled });
}

function useInvalidateUsers() {
  const qc = useQueryClient();
  // A role change also caps that user's tokens: refresh the token list too.
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeys.users.all }),
      qc.invalidateQueries({ queryKey: queryKeys.tokens.all }),
    ]);
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (req: { username: string; password: string; role: Role }) => api().users.create(req),
    meta: { action: 'Create user', success: (v) => `User ${(v as { username: string }).username} created` },
    onSuccess: invalidate,
  });
}

export interface UserChange {
  id: string;
  username: string;
  role?: Role;
  password?: string;
  disabled?: boolean;
}

const changeText = ({ username, role, password, disabled }: UserChange) =>
  disabled === true
    ? `${username} disabled`
    : disabled === false
      ? `${username} enabled`
      : [role && `${username} is now ${role}`, password && `Password of ${username} changed`]
          .filter(Boolean)
          .join('; ') || `${username} updated`;

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, username: _name, ...change }: UserChange) => api().users.update(id, change),
    meta: { action: 'Update user', success: (v) => changeText(v as UserChange) },
    onSuccess: invalidate,
  });
}

export function useDeleteUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id }: { id: string; username: string }) => api().users.delete(id),
    meta: { action: 'Delete user', success: (v) => `User ${(v as { username: string }).username} deleted` },
    onSuccess: invalidate,
  });
}
