// The VM page's console socket: opened when the Terminal tab is first shown, closed when the page unmounts.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api-client';
import { openShellSocket, type ShellSocket, type ShellStatus } from '@/lib/shell-socket';
import { shellWsUrl, wsBaseUrl } from '@/lib/ws-url';
import { useSettings } from './use-settings';

export interface ShellConnection {
  status: ShellStatus | 'idle';
  detail?: string;
  socket: ShellSocket | undefined;
  /** Terminal output goes to one listener at a time (the xterm instance). */
  setOutputListener(listener: ((data: string) => void) | undefined): void;
}

export function useShellSocket(vmId: string, enabled: boolean): ShellConnection {
  const [settings] = useSettings();
  const [status, setStatus] = useState<{ status: ShellStatus | 'idle'; detail?: string }>({ status: 'idle' });
  const [socket, setSocket] = useState<ShellSocket>();
  const listener = useRef<((data: string) => void) | undefined>(undefined);

  useEffect(() => {
    if (!enabled) return;
    const s = openShellSocket({
      // A fresh single-use ticket for every (re)connection, fetched through the proxy with our token.
      url: async () =>
        shellWsUrl(
          wsBaseUrl(settings.wsBaseUrl, window.location),
          vmId,
          (await api().tickets.create()).ticket,
        ),
      callbacks: {
        onOutput: (data) => listener.current?.(data),
        onStatus: (next, detail) => setStatus({ status: next, detail }),
      },
    });
    setSocket(s);
    return () => {
      s.close();
      setSocket(undefined);
      setStatus({ status: 'idle' });
    };
  }, [vmId, enabled, settings.wsBaseUrl]);

  // Stable, so the terminal's set-up effect runs once and its scroll-back survives re-renders.
  const setOutputListener = useCallback((l: ((data: string) => void) | undefined) => {
    listener.current = l;
  }, []);

  return { ...status, socket, setOutputListener };
}
