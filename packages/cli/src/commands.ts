// The nqvm command table: each entry is a name, a one-line summary and a lazily imported handler.
export interface Command {
  summary: string;
  usage: string;
  /** Returns the process exit code. Imported lazily so `nqvm --help` stays instant. */
  run(argv: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  up: {
    summary: 'prepare images, check the host and start the product (manager + agent + web)',
    usage: 'nqvm up [--no-web]',
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
};
