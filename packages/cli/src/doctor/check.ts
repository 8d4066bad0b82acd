// One row of `nqvm doctor`: what was checked, whether the host has it, and how to fix it if not.
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to run or change when the status is not ok. */
  fix?: string;
}

export interface Check {
  name: string;
  /** A required check failing makes `nqvm doctor` exit non-zero. */
  required: boolean;
  run(): Promise<Omit<CheckResult, 'name'>>;
}
