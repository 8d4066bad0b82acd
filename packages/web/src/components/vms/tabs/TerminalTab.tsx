'use client';
// Terminal tab: xterm.js on the page-owned shell socket, fitted to its box, with scroll-back and reconnect.
import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { RefreshCw } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { ShellConnection } from '@/hooks/use-shell-socket';

const STATUS_TONE = {
  open: 'success',
  connecting: 'info',
  closed: 'neutral',
  error: 'danger',
  idle: 'neutral',
} as const;

interface TerminalTabProps {
  shell: ShellConnection;
  running: boolean;
  visible: boolean;
}

export function TerminalTab({ shell, running, visible }: TerminalTabProps) {
  const boxRef = useRef<HTMLElement>(null);
  const termRef = useRef<{ term: Terminal; fit: FitAddon }>(undefined);
  const socketRef = useRef(shell.socket);
  socketRef.current = shell.socket;
  const { setOutputListener } = shell;

  // xterm touches the DOM when imported, so it is loaded in the browser only.
  useEffect(() => {
    let disposed = false;
    const pending: string[] = [];
    setOutputListener((data) => {
      if (termRef.current) termRef.current.term.write(data);
      else pending.push(data);
    });
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
      ]);
      if (disposed || !boxRef.current) return;
      const term = new Terminal({ scrollback: 5000, cursorBlink: true, convertEol: false, fontSize: 13 });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(boxRef.current);
      term.onData((data) => socketRef.current?.send(data));
      term.onResize(({ cols, rows }) => socketRef.current?.resize(cols, rows));
      termRef.current = { term, fit };
      for (const chunk of pending.splice(0)) term.write(chunk);
      fit.fit();
    })();
    return () => {
      disposed = true;
      setOutputListener(undefined);
      termRef.current?.term.dispose();
      termRef.current = undefined;
    };
  }, [setOutputListener]);

  // Refit when shown (a hidden box measures 0), when the box resizes, and when a new socket needs the size.
  // biome-ignore lint/correctness/useExhaustiveDependencies: shell.socket re-runs this so a new session gets our size
  useEffect(() => {
    if (!visible) return;
    const refit = () => {
      const t = termRef.current;
      if (!t) return;
      t.fit.fit();
      socketRef.current?.resize(t.term.cols, t.term.rows);
    };
    refit();
    const observer = new ResizeObserver(refit);
    if (boxRef.current) observer.observe(boxRef.current);
    return () => observer.disconnect();
  }, [visible, shell.socket]);

  useEffect(() => {
    if (shell.status === 'open') termRef.current?.term.focus();
  }, [shell.status]);

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2 text-sm" role="status" aria-live="polite">
          <Badge tone={STATUS_TONE[shell.status]}>{shell.status}</Badge>
          {shell.detail && <span className="text-muted-foreground">{shell.detail}</span>}
          {!running && <span className="text-muted-foreground">Start the VM to use its console.</span>}
        </div>
        <Button
          variant="outline"
          size="sm"
          disabled={!shell.socket}
          onClick={() => shell.socket?.reconnect()}
        >
          <RefreshCw aria-hidden /> Reconnect
        </Button>
      </div>
      <section
        ref={boxRef}
        data-testid="terminal"
        aria-label="VM console"
        className="h-[60vh] min-h-[300px] w-full overflow-hidden rounded-md border bg-black p-2"
      ></section>
    </div>
  );
}
