// The nqvm command table: each entry is a name, a one-line summary and a lazily imported handler.
import type { Node } from './api/command.js';

export interface Command {
  summary: string;
  usage: string;
  /** Returns the process exit code. Imported lazily so `nqvm --help` stays instant. */
  run(argv: string[], debug: boolean): Promise<number>;
  /** API commands: their tree of subcommands (help, parsing and completion come from it). */
  node?: () => Promise<Node>;
}

/** An API command group: help, argument parsing, errors and exit codes come from api/command.ts. */
function tree(name: string, summary: string, node: () => Promise<Node>): Command {
  return {
    summary,
    usage: `nqvm ${name} <command> [options]`,
    node,
    run: async (argv, debug) =>
      (await import('./api/command.js')).runNode(await node(), argv, `nqvm ${name}`, debug),
  };
}

export const commands: Record<string, Command> = {
  up: {
    summary: 'prepare images, check the host and start the product (manager + agent + web)',
    usage: 'nqvm up [--no-web] [--tls]',
    run: async (argv) => (await import('./up/up-command.js')).upCommand(argv),
  },
  doctor: {
    summary: 'show what this host can do, with the fix for each missing item',
    usage: 'nqvm doctor [--json]',
    run: async (argv) => (await import('./doctor/doctor-command.js')).doctorCommand(argv),
  },
  manager: {
    summary: 'run the manager alone (REST API on MANAGER_PORT), for hosts that run only that part',
    usage: 'nqvm manager [--port N] [--host ADDR]',
    run: async (argv) => (await import('@nqvm/manager')).runManagerCommand(argv),
  },
  agent: {
    summary: 'run the host agent alone (AGENT_PORT), for hosts that only run VMs',
    usage: 'nqvm agent [--port N] [--host ADDR] [--data-dir DIR]',
    run: async (argv) => (await import('@nqvm/agent')).runAgentCommand(argv),
  },
  images: {
    summary: 'build the default guest images from Debian packages (images prepare)',
    usage: 'nqvm images prepare',
    run: async (argv) => (await import('./images-command.js')).imagesCommand(argv),
  },
  vm: tree('vm', 'create, run, inspect and delete VMs; console, drives, NICs, metrics', async () => {
    return (await import('./vm/vm-command.js')).vmGroup;
  }),
  snapshot: tree('snapshot', 'snapshot VMs and restore snapshots into new VMs', async () => {
    return (await import('./snapshot/snapshot-command.js')).snapshotGroup;
  }),
  image: tree(
    'image',
    'the image registry: list, import (path, file upload, URL), volumes, remove',
    async () => {
      return (await import('./image/image-command.js')).imageGroup;
    },
  ),
  template: tree('template', 'VM templates: list, create, instantiate, remove', async () => {
    return (await import('./template/template-command.js')).templateGroup;
  }),
  host: tree('host', 'the hosts that run VMs, with capacity and usage', async () => {
    return (await import('./host/host-command.js')).hostGroup;
  }),
  user: tree('user', 'users who log in with a password: list, create, change, remove', async () => {
    return (await import('./user/user-command.js')).userGroup;
  }),
  passwd: tree('passwd', 'change your own password (asked hidden, or two lines on stdin)', async () => {
    return (await import('./user/passwd-command.js')).passwdCommand;
  }),
  token: tree('token', 'API tokens for scripts: list, create (secret shown once), revoke', async () => {
    return (await import('./token/token-command.js')).tokenGroup;
  }),
  audit: tree('audit', 'the audit log: who changed what, and every login', async () => {
    return (await import('./audit/audit-command.js')).auditCommand;
  }),
  whoami: tree('whoami', 'show who the manager takes the current token for', async () => {
    return (await import('./whoami-command.js')).whoamiCommand;
  }),
  login: tree('login', 'check and remember the manager URL and token (or log in as a user)', async () => {
    return (await import('./login-command.js')).loginCommand;
  }),
  completion: tree('completion', 'print a bash or zsh completion script', async () => {
    return (await import('./completion/completion-command.js')).completionCommand;
  }),
};
