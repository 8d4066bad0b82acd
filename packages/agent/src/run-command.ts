// Runs a host command (ip, cp, mkfifo, ...) and turns a failure into AGT_ERR_HOST_COMMAND.
import { execFile } from 'node:child_process';
import { agentErrors } from './agent-errors.js';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export type RunCommand = (cmd: string, args: string[]) => Promise<CommandResult>;

export const runCommand: RunCommand = (cmd, args) =>
  new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const detail = (stderr || err.message).trim();
        reject(agentErrors.HOST_COMMAND({ command: [cmd, ...args].join(' '), detail }));
      } else resolve({ stdout, stderr });
    });
  });
