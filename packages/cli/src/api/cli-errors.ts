// The CLI's own error registry (MVM_ERR_CLI_*); the status picks the exit code like a server's would.
import { defineErrors } from '@nqvm/core';

export const CLI_ERROR_SPECS = {
  USAGE: { status: 400, message: '{message}', suggestion: "Run '{help}' for the options" },
  AMBIGUOUS: {
    status: 400,
    message: "'{ref}' matches more than one {kind}: {matches}",
    suggestion: 'Give more of the ID, or the full name',
  },
  NOT_FOUND: {
    status: 404,
    message: "No {kind} named '{ref}' (nor with an ID starting so)",
    suggestion: "List them with '{list}'",
  },
  UNREACHABLE: {
    status: 503,
    message: 'Cannot reach the manager at {url}',
    suggestion: "Start it with 'nqvm up' (or 'nqvm manager'), or point NQVM_URL / 'nqvm login --url' at it",
  },
  UNAUTHORIZED: {
    status: 401,
    message: 'The manager at {url} refused the token',
    suggestion:
      "Set NQVM_TOKEN, or run 'nqvm login --token TOKEN' (the admin token is in <data dir>/admin-token)",
  },
  LOGIN_FAILED: {
    status: 401,
    message: "The manager at {url} refused the login of '{user}'",
    suggestion:
      "Check the username and password (an admin can set a new one: 'nqvm user set {user} --password-stdin')",
  },
  WAIT_FAILED: { status: 500, message: '{what}', suggestion: "See 'nqvm vm get {vm}' and the VM's log" },
  WAIT_TIMEOUT: {
    status: 408,
    message: 'Gave up waiting after {seconds}s for {what}',
    suggestion: 'Wait longer with --timeout, or check the host with nqvm host ls',
  },
  IMPORT_FAILED: {
    status: 500,
    message: "Import of '{name}' failed: {reason}",
    suggestion: 'Check the URL is reachable from the manager',
  },
  FILE_NOT_FOUND: {
    status: 404,
    message: "No such file: '{path}'",
    suggestion: 'Check the path, or give an http(s) URL',
  },
  VM_NOT_RUNNING: {
    status: 409,
    message: 'VM {vm} is {state}, so it has no console',
    suggestion: "Start it first: 'nqvm vm start {vm} --wait'",
  },
  CONSOLE_FAILED: {
    status: 502,
    message: 'Console of {vm} unavailable: {reason}',
    suggestion: "The VM must be running ('nqvm vm start {vm}') and its host online",
  },
} as const;

export const cliErrors = defineErrors('MVM_ERR_CLI', CLI_ERROR_SPECS);

/** A usage error naming the help command to run. */
export const usageError = (message: string, help: string) => cliErrors.USAGE({ message, help });
