'use client';
// The frame of every page: a sidebar on wide screens, a top bar with a menu button on narrow ones.
import { Cpu, KeyRound, LogOut, Menu, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { ChangePasswordDialog } from '@/components/account/ChangePasswordDialog';
import { Button } from '@/components/ui/button';
import { useMe } from '@/hooks/use-auth';
import { clearToken } from '@/lib/auth-token';
import { cn } from '@/lib/cn';
import { can } from '@/lib/roles';
import { LiveIndicator } from './LiveIndicator';
import { NAV_ITEMS } from './nav-items';

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  const role = useMe().data?.role;
  const items = NAV_ITEMS.filter((item) => !item.needs || can(role, item.needs));
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {items.map(({ href, label, icon: Icon }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium hover:bg-accent',
              active ? 'bg-accent text-foreground' : 'text-muted-foreground',
            )}
          >
            <Icon className="size-4" aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

/** Who is signed in, so a viewer knows why controls are missing. */
function SignedInAs() {
  const me = useMe().data;
  if (!me) return null;
  return (
    <p className="truncate px-3 text-xs text-muted-foreground" data-testid="signed-in-as">
      {me.username} · {me.role}
    </p>
  );
}

/** Only a user account has a password: not the admin token nor tokens it minted. */
function ChangePasswordButton() {
  const me = useMe().data;
  const [open, setOpen] = useState(false);
  if (!me?.user_id) return null;
  return (
    <>
      <Button variant="ghost" size="sm" className="justify-start" onClick={() => setOpen(true)}>
        <KeyRound aria-hidden /> Change password
      </Button>
      <ChangePasswordDialog open={open} onOpenChange={setOpen} />
    </>
  );
}

function SignOutButton() {
  return (
    <Button
      variant="ghost"
      size="sm"
      className="justify-start"
      onClick={() => {
        clearToken();
        window.location.assign('/signin');
      }}
    >
      <LogOut aria-hidden /> Sign out
    </Button>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the mobile menu whenever the route changes
  useEffect(() => setOpen(false), [pathname]);

  if (pathname === '/signin') return <main className="min-h-screen">{children}</main>;

  const brand = (
    <Link href="/dashboard" className="flex items-center gap-2 font-semibold">
      <Cpu className="size-5 text-primary" aria-hidden /> nqvm
    </Link>
  );

  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col gap-4 border-r p-4 md:flex">
        {brand}
        <NavLinks />
        <div className="mt-auto flex flex-col gap-2">
          <LiveIndicator />
          <SignedInAs />
          <ChangePasswordButton />
          <SignOutButton />
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-40 flex items-center justify-between border-b bg-background px-4 py-2 md:hidden">
          {brand}
          <div className="flex items-center gap-2">
            <LiveIndicator />
            <Button
              variant="ghost"
              size="icon"
              aria-label={open ? 'Close menu' : 'Open menu'}
              aria-expanded={open}
              onClick={() => setOpen((o) => !o)}
            >
              {open ? <X /> : <Menu />}
            </Button>
          </div>
        </header>
        {open && (
          <div className="border-b p-4 md:hidden">
            <NavLinks onNavigate={() => setOpen(false)} />
            <SignedInAs />
            <ChangePasswordButton />
            <SignOutButton />
          </div>
        )}
        <main className="min-w-0 flex-1 p-4 md:p-8">{children}</main>
      </div>
    </div>
  );
}
