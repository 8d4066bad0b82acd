'use client';
// Sign-in: username + password (POST /v1/auth/login → session token) or an API token. The token is checked
// with /v1/auth/me before it is kept in localStorage and sent as a bearer token.
import { useQueryClient } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { clientWithToken } from '@/lib/api-client';
import { setToken } from '@/lib/auth-token';
import { type SignInForm as Form, type SignInMode, type SignInState, safeNext, signIn } from '@/lib/sign-in';

const signInApi = {
  login: (username: string, password: string) => clientWithToken().auth.login(username, password),
  me: (token: string) => clientWithToken(token).auth.me(),
};

function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const qc = useQueryClient();
  const [form, setForm] = useState<Form>({ mode: 'password', username: '', password: '', token: '' });
  const [state, setState] = useState<SignInState>({ status: 'idle' });
  const errors = state.status === 'invalid' ? state.errors : {};
  const busy = state.status === 'submitting' || state.status === 'signed-in';
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ status: 'submitting' });
    const result = await signIn(form, signInApi);
    setState(result);
    if (result.status !== 'signed-in') return;
    setToken(result.token);
    // Nothing cached for the previous user (their role, their lists) may show for this one.
    qc.clear();
    router.replace(safeNext(params.get('next')));
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Tabs value={form.mode} onValueChange={(mode) => set({ mode: mode as SignInMode })}>
        <TabsList aria-label="Sign-in method">
          <TabsTrigger value="password">Account</TabsTrigger>
          <TabsTrigger value="token">Token</TabsTrigger>
        </TabsList>
        <TabsContent value="password" className="flex flex-col gap-4">
          <Field label="Username" error={errors.username}>
            <Input
              autoComplete="username"
              value={form.username}
              onChange={(e) => set({ username: e.target.value })}
            />
          </Field>
          <Field
            label="Password"
            error={errors.password}
            hint="The first admin's password is in the manager's data directory (admin-password)."
          >
            <Input
              type="password"
              autoComplete="current-password"
              value={form.password}
              onChange={(e) => set({ password: e.target.value })}
            />
          </Field>
        </TabsContent>
        <TabsContent value="token">
          <Field
            label="API token"
            error={errors.token}
            hint="A token from the Tokens page, or the manager's admin token (NQVM_ADMIN_TOKEN)."
          >
            <Input
              type="password"
              autoComplete="off"
              value={form.token}
              onChange={(e) => set({ token: e.target.value })}
            />
          </Field>
        </TabsContent>
      </Tabs>
      {state.status === 'failed' && (
        <div role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm">
          <p className="font-medium text-destructive">{state.message}</p>
          {state.detail && <p className="text-muted-foreground">{state.detail}</p>}
        </div>
      )}
      <Button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
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
            Your session token stays in this browser and is sent only to the nqvm manager.
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
