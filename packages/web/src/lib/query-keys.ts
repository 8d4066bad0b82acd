// The one registry of React Query keys: hooks read from it and server events invalidate through it.

export const queryKeys = {
  vms: {
    all: ['vms'] as const,
    list: () => ['vms', 'list'] as const,
    detail: (id: string) => ['vms', 'detail', id] as const,
    drives: (id: string) => ['vms', 'detail', id, 'drives'] as const,
    nics: (id: string) => ['vms', 'detail', id, 'nics'] as const,
    snapshots: (id: string) => ['vms', 'detail', id, 'snapshots'] as const,
    metrics: (id: string) => ['vms', 'detail', id, 'metrics'] as const,
  },
  snapshots: {
    all: ['snapshots'] as const,
    detail: (id: string) => ['snapshots', id] as const,
  },
  images: {
    all: ['images'] as const,
    list: (kind?: string) => ['images', 'list', kind ?? 'all'] as const,
  },
  templates: {
    all: ['templates'] as const,
    list: () => ['templates', 'list'] as const,
  },
  hosts: {
    all: ['hosts'] as const,
    list: () => ['hosts', 'list'] as const,
  },
  events: {
    recent: () => ['events', 'recent'] as const,
  },
  health: () => ['health'] as const,
  auth: {
    /** Who the token belongs to: cleared on every sign-in, so one user's role never leaks to the next. */
    me: () => ['auth', 'me'] as const,
  },
  users: {
    all: ['users'] as const,
    list: () => ['users', 'list'] as const,
  },
  tokens: {
    all: ['tokens'] as const,
    list: () => ['tokens', 'list'] as const,
  },
  audit: {
    all: ['audit'] as const,
    page: (filter: object, cursor: string | undefined) => ['audit', 'page', filter, cursor ?? ''] as const,
  },
} as const;

export type QueryKey = readonly unknown[];
