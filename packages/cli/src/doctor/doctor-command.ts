// `nqvm doctor [--json]`: prints the host capability table; exits 1 if a required check fails.
import type { Check } from './check.js';
import {
  cgroupCheck,
  chromiumCheck,
  diskCheck,
  netnsBridgeCheck,
  postgresCheck,
  qemuCheck,
  tcgCheck,
  tunCheck,
} from './host-checks.js';
import { kvmCheck } from './kvm-check.js';
import { formatReport, runChecks } from './run-doctor.js';

export const hostChecks: Check[] = [
  qemuCheck,
  kvmCheck,
  tcgCheck,
  tunCheck,
  netnsBridgeCheck,
  cgroupCheck,
  diskCheck,
  postgresCheck,
  chromiumCheck,
];

export async function doctorCommand(argv: string[]): Promise<number> {
  const report = await runChecks(hostChecks);
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}
