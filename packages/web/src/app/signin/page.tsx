'use client';
// Sign-in: the user pastes the manager's API token; it is kept in localStorage and sent as a bearer token.
import { KeyRound } from 'lucide-react';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { setToken } from '@/lib/auth-token';

/** Only same-site paths, so a crafted ?next= can't send the user elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/dashboard';
}

function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [token, setValue] = useState('');
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) {
      setError('Enter the API token');
      return;
    }
    setToken(token);
    router.replace(safeNext(params.get('next')));
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      <Field
        label="API token"
        error={error}
        hint="The manager's admin token: NQVM_ADMIN_TOKEN, or the admin-token file in its data directory."
      >
        <Input
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setValue(e.target.value)}
        />
      </Field>
      <Button type="submit">Sign in</Button>
    </form>
  );
}

export default function SignInPage() {
  return (
    <div className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="flex items-center gap-2 text-lg">
            <KeyRound className="size-5 text-primary" aria-hidden /> Sign in to nqvm
          </CardTitle>
          <CardDescription>
            Your token stays in this browser and is sent only to the nqvm manager.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Suspense>
            <SignInForm />
          </Suspense>
        </CardContent>
      </Card>
    </div>
  );
}
