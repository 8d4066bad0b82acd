// Undo steps for a multi-part setup, run last-in first-out and past failures.
export interface Cleanups {
  add(step: () => Promise<unknown> | unknown): void;
  /** Runs every step once, newest first; one failure never skips the rest. */
  run(): Promise<void>;
}

export function createCleanups(what: string): Cleanups {
  const steps: Array<() => Promise<unknown> | unknown> = [];
  return {
    add: (step) => {
      steps.push(step);
    },
    async run() {
      const errors: unknown[] = [];
      for (const step of steps.splice(0).reverse()) {
        try {
          await step();
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length) throw new AggregateError(errors, `${what} cleanup failed`);
    },
  };
}
