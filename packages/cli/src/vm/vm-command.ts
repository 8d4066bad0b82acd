// `nqvm vm ...`: the VM command group.
import { group } from '../api/command.js';
import { vmConsole } from '../console/console-command.js';
import { drivesGroup } from './drive-commands.js';
import { nicsGroup } from './nic-commands.js';
import { vmCreate, vmGet, vmLs, vmPause, vmResume, vmRm, vmStart, vmStop } from './vm-lifecycle.js';
import { vmMetrics } from './vm-metrics.js';

export const vmGroup = group({
  name: 'vm',
  summary: 'create, run, inspect and delete VMs (by name, ID or ID prefix)',
  children: [
    vmLs,
    vmGet,
    vmCreate,
    vmStart,
    vmStop,
    vmPause,
    vmResume,
    vmRm,
    vmConsole,
    drivesGroup,
    nicsGroup,
    vmMetrics,
  ],
});
