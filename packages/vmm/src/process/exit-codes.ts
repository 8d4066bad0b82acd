// Firecracker's process exit codes (vmm::FcExitCode), so supervisors read fc-vmm's the same way.
export const EXIT_OK = 0;
export const EXIT_GENERIC_ERROR = 1;
/** A bad `--config-file` (or `--level`), as Firecracker's BadConfiguration. */
export const EXIT_BAD_CONFIGURATION = 152;
/** A bad command line, as Firecracker's ArgParsing. */
export const EXIT_ARG_PARSING = 153;

/** The conventional shell code for death by a signal, used after a SIGTERM/SIGINT shutdown. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1);
}
