// One way of creating a guest (plain QEMU, fc-vmm, agent, manager), timed to the same readiness point.
import type { SerialConsole } from '@nqvm/testkit';
import { consoleAnswers, READY } from '../guest-setup.js';

export interface Launched {
  console: SerialConsole;
  /** The VM's id where an API named it. */
  id?: string;
  /** Stops the guest and removes what it used; not timed. */
  teardown(): Promise<void>;
}

export interface Side {
  /** Short name for reports and guest names. */
  readonly key: string;
  readonly label: string;
  /** A restored guest is past its boot: only the typed command is waited for. */
  readonly restored?: boolean;
  /** Everything a user of this side does to get a new guest, up to a console to type into. */
  launch(tag: string): Promise<Launched>;
}

/**
 * The one readiness point of every side: the guest printed its ready line and answered a command
 * typed on its console (so the guest is usable, not just booted). Milliseconds from launch.
 */
export async function timeToAnswer(
  side: Side,
  tag: string,
): Promise<{ ms: number; attachedMs: number; launched: Launched }> {
  const t0 = performance.now();
  const launched = await side.launch(tag);
  // The control plane's own share: its API answered and the console is attached (the guest boots on).
  const attachedMs = performance.now() - t0;
  try {
    // Input typed before the guest's shell runs can be lost, so a booting guest is first awaited.
    if (!side.restored) await launched.console.waitFor(READY);
    await consoleAnswers(launched.console, tag);
  } catch (err) {
    await launched.teardown().catch(() => undefined);
    throw err;
  }
  return { ms: performance.now() - t0, attachedMs, launched };
}

/** Runs `rounds` rounds of every side, rotating which goes first so no side always runs warm. */
export async function alternate(sides: Side[], rounds: number, prefix: string): Promise<Samples> {
  const answer = new Map<string, number[]>(sides.map((s) => [s.key, []]));
  const attached = new Map<string, number[]>(sides.map((s) => [s.key, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(r + k) % sides.length] as Side;
      const run = await timeToAnswer(side, `${prefix}${side.key}${r}`);
      answer.get(side.key)?.push(run.ms);
      attached.get(side.key)?.push(run.attachedMs);
      await run.launched.teardown();
    }
  }
  return { answer: (key) => answer.get(key) ?? [], attached: (key) => attached.get(key) ?? [] };
}

/** Per side, in round order: launch → guest answers, and launch → console attached. */
export interface Samples {
  answer(key: string): number[];
  attached(key: string): number[];
}
