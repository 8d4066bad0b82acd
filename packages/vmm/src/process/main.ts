// The fc-vmm process: Firecracker's flags in, startVmm, exit with the VM's code; the QEMU backend loads lazily.
import { readFileSync } from 'node:fs';
import { ConfigFileError } from '../preboot/config-file.js';
import { ResourceError } from '../preboot/resource-error.js';
import { startVmm } from '../start-vmm.js';
import { ArgParseError, helpText, parseArgs, VERSION_TEXT, validateInstanceId } from './cli-args.js';
import {
  EXIT_ARG_PARSING,
  EXIT_BAD_CONFIGURATION,
  EXIT_GENERIC_ERROR,
  signalExitCode,
} from './exit-codes.js';
import { parseLevel } from './vmm-logger.js';

/**
 * Everything before listen() is argument parsing: the socket must be ready fast. The start-up
 * path is imported statically because `dist/fc-vmm.cjs` bundles it into one file (see
 * scripts/bundle.mjs); only the QEMU backend is loaded after listen, at InstanceStart.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof ArgParseError)) throw err;
    process.stderr.write(`Error: ${err.message}\n`);
    return EXIT_ARG_PARSING;
  }
  if (args.kind === 'help') {
    process.stdout.write(helpText());
    return 0;
  }
  if (args.kind === 'version') {
    process.stdout.write(`${VERSION_TEXT}\n`);
    return 0;
  }
  const { values, flags } = args;
  const fail = (code: number, message: string) => {
    process.stderr.write(`Error: ${message}\n`);
    return code;
  };

  const instanceId = values.id as string;
  const badId = validateInstanceId(instanceId);
  if (badId) return fail(EXIT_GENERIC_ERROR, badId);

  let level: ReturnType<typeof parseLevel>;
  if (values.level !== undefined) {
    level = parseLevel(values.level);
    if (level === undefined) {
      return fail(
        EXIT_BAD_CONFIGURATION,
        `Invalid value for logger level: ${values.level}.Possible values: [Error, Warning, Info, Debug]`,
      );
    }
  }
  const maxPayloadSize = Number(values['http-api-max-payload-size']);
  if (!Number.isSafeInteger(maxPayloadSize) || maxPayloadSize < 0) {
    return fail(EXIT_GENERIC_ERROR, "'http-api-max-payload-size' parameter expected to be of 'usize' type.");
  }
  const mmdsSizeLimit =
    values['mmds-size-limit'] === undefined ? undefined : Number(values['mmds-size-limit']);
  if (mmdsSizeLimit !== undefined && (!Number.isSafeInteger(mmdsSizeLimit) || mmdsSizeLimit < 0)) {
    return fail(EXIT_GENERIC_ERROR, "'mmds-size-limit' parameter expected to be of 'usize' type.");
  }

  const readText = (flag: string, what: string): string | undefined => {
    const path = values[flag];
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`Unable to open or read from the ${what} file: ${(err as Error).message}`);
    }
  };

  let handle: Awaited<ReturnType<typeof startVmm>>;
  try {
    const config = readText('config-file', 'configuration');
    const metadata = readText('metadata', 'mmds content');
    handle = await startVmm({
      apiSock: flags.has('no-api') ? null : (values['api-sock'] as string),
      instanceId,
      // The QEMU backend is only imported when a VM actually starts.
      backend: async () => (await import('../qemu/qemu-backend.js')).createQemuBackend(),
      maxPayloadSize,
      ...(mmdsSizeLimit === undefined ? {} : { mmdsSizeLimit }),
      ...(config === undefined ? {} : { config }),
      ...(metadata === undefined ? {} : { metadata }),
      loggerConfig: {
        ...(values['log-path'] === undefined ? {} : { log_path: values['log-path'] }),
        ...(level === undefined ? {} : { level }),
        ...(flags.has('show-level') ? { show_level: true } : {}),
        ...(flags.has('show-log-origin') ? { show_log_origin: true } : {}),
        ...(values.module === undefined ? {} : { module: values.module }),
      },
      ...(values['metrics-path'] === undefined ? {} : { metrics: { metrics_path: values['metrics-path'] } }),
      processStartMs: 0,
    });
  } catch (err) {
    if (err instanceof ConfigFileError) return fail(EXIT_BAD_CONFIGURATION, err.message);
    if (err instanceof ResourceError) {
      const what = err.resource === 'logger' ? 'logger' : 'metrics';
      return fail(EXIT_GENERIC_ERROR, `Could not initialize ${what}: ${err.detail}`);
    }
    return fail(EXIT_GENERIC_ERROR, (err as Error).message);
  }
  handle.logger.info(`Running Firecracker v${VERSION_TEXT.trim().split(' v')[1]} (fc-vmm on QEMU microvm)`);
  handle.logger.debug(`API socket ready ${handle.startupMs.toFixed(1)} ms after process start`);

  const stopped = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      handle.logger.info(`Shutting down VM after intercepting signal ${signal}.`);
      resolve(signalExitCode(signal));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  const outcome = await Promise.race([
    handle.done.then((exit) => ({ code: exit.code, reason: exit.reason })),
    stopped.then((code) => ({ code, reason: 'stopped by a signal' })),
  ]);
  const log = outcome.code === 0 ? handle.logger.info : handle.logger.error;
  log.call(handle.logger, `Firecracker exiting with code ${outcome.code}: ${outcome.reason}`);
  await handle.shutdown();
  return outcome.code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(EXIT_GENERIC_ERROR);
  },
);
