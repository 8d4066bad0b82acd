// `nqvm doctor`: runs every host check and prints a table with the fix for each missing item.
import { formatTable } from '../table.js';
import type { Check, CheckResult } from './check.js';

export interface DoctorReport {
  results: (CheckResult & { required: boolean })[];
  /** True when every required check passed. */
  ok: boolean;
}

export async function runChecks(checks: Check[]): Promise<DoctorReport> {
  const results = await Promise.all(
    checks.map(async (check) => {
      try {
        return { name: check.name, required: check.required, ...(await check.run()) };
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        return { name: check.name, required: check.required, status: 'fail' as const, detail };
      }
    }),
  );
  return { results, ok: results.every((r) => !r.required || r.status !== 'fail') };
}

export function formatReport(report: DoctorReport): string {
  const rows = report.results.map((r) => [
    r.name,
    r.status === 'ok' ? 'ok' : r.status === 'warn' ? 'warn' : r.required ? 'FAIL' : 'missing',
    r.detail,
    r.status === 'ok' ? '' : (r.fix ?? ''),
  ]);
  return formatTable(['CHECK', 'STATUS', 'DETAIL', 'FIX'], rows);
}
