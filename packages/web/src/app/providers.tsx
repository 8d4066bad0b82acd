'use client';
import { ManagerApiError } from '@nqvm/client';
// Client-side providers: one QueryClient whose caches toast API errors, live server events, theme, toaster.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Toaster, toast } from 'sonner';
import { useServerEvents } from '@/hooks/use-server-events';
import { useSettings } from '@/hooks/use-settings';
import { formatErrorToast } from '@/lib/error-toast';
import '@/lib/query-meta';
import { applyTheme } from '@/lib/settings';

function showError(err: unknown, action: string | undefined, id?: string) {
  const { title, description } = formatErrorToast(err, action);
  toast.error(title, { description, id });
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      // One toast per failing query (same id), not one per retry or refetch.
      onError: (err, query) => showError(err, undefined, query.queryHash),
    }),
    mutationCache: new MutationCache({
      onError: (err, _vars, _ctx, mutation) => showError(err, mutation.meta?.action),
      onSuccess: (_data, vars, _ctx, mutation) => {
        const message = mutation.meta?.success?.(vars);
        if (message) toast.success(message);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not fix itself; an unreachable manager may, but don't hammer it.
        retry: (count, err) =>
          !(err instanceof ManagerApiError && err.status >= 400 && err.status < 500) && count < 1,
        refetchOnWindowFocus: true,
      },
    },
  });
}

function LiveEvents() {
  useServerEvents();
  return null;
}

function ThemeSync() {
  const [settings] = useSettings();
  useEffect(() => applyTheme(settings.theme), [settings.theme]);
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  const [settings] = useSettings();
  return (
    <QueryClientProvider client={client}>
      <ThemeSync />
      <LiveEvents />
      {children}
      <Toaster richColors closeButton position="bottom-right" theme={settings.theme} />
    </QueryClientProvider>
  );
}
