// What `nqvm up` runs: the manager, the local agent and the web UI, each with its environment — plain, or
// with `--tls` / NQVM_TLS=1 the agent → manager link over the manager's agent https port, CA pinned.
import { join } from 'node:path';
import type { ChildSpec } from './supervisor.js';

export interface UpPlan {
  /** NQVM_DATA_DIR shared by the manager and the local agent. */
  dataDir: string;
  joinToken: string;
  nqvmBin: string;
  nodePath: string;
  env: NodeJS.ProcessEnv;
  /** `sha256:<hex>` of the manager's agent CA when TLS is on (made before the manager starts). */
  caPin?: string;
  /** The web UI's `next` binary and package dir, when it is built and wanted. */
  web?: { next: string; dir: string };
}

/** One switch for TLS: `nqvm up --tls`, or NQVM_TLS=1 in the environment. */
export function tlsRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--tls') || env.NQVM_TLS === '1';
}

export const managerUrlOf = (env: NodeJS.ProcessEnv): string =>
  `http://127.0.0.1:${env.MANAGER_PORT ?? '18080'}`;
export const agentTlsPortOf = (env: NodeJS.ProcessEnv): string => env.MANAGER_AGENT_TLS_PORT ?? '18443';

export function upChildren(plan: UpPlan): ChildSpec[] {
  const { env, caPin } = plan;
  const managerUrl = managerUrlOf(env);
  const shared = { NQVM_DATA_DIR: plan.dataDir, NQVM_JOIN_TOKEN: plan.joinToken };
  const tlsPort = agentTlsPortOf(env);
  const children: ChildSpec[] = [
    {
      name: 'manager',
      command: plan.nodePath,
      args: [plan.nqvmBin, 'manager'],
      env: caPin ? { ...shared, MANAGER_AGENT_TLS: '1', MANAGER_AGENT_TLS_PORT: tlsPort } : shared,
    },
    {
      name: 'agent',
      command: plan.nodePath,
      args: [plan.nqvmBin, 'agent'],
      // The join token and the agent's credential go to the agent port over https, trusting only the pinned CA.
      env: caPin
        ? {
            ...shared,
            NQVM_AGENT_TLS: '1',
            NQVM_MANAGER_URL: `https://127.0.0.1:${tlsPort}`,
            NQVM_MANAGER_CA_SHA256: caPin,
          }
        : { ...shared, NQVM_MANAGER_URL: managerUrl },
    },
  ];
  if (plan.web) {
    children.push({
      name: 'web',
      command: plan.web.next,
      args: ['start', plan.web.dir, '-p', env.WEB_PORT ?? '3000'],
      // The API port stays plain http under --tls (agents only use https), so the web's proxy is unchanged.
      env: { MANAGER_URL: managerUrl, NEXT_TELEMETRY_DISABLED: '1' },
    });
  }
  return children;
}

/** Where `nqvm up --tls` keeps the manager's agent CA: the manager's own `<dataDir>/tls`. */
export const caDirOf = (dataDir: string): string => join(dataDir, 'tls');
