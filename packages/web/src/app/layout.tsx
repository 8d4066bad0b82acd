// Root layout: global styles, providers and the navigation shell around every page.
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/layout/AppShell';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'nqvm', template: '%s · nqvm' },
  description: 'Control plane for microVMs',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
