// PUT /cpu-config: a custom CPU template (CPUID/MSR/register modifiers).
import type { CpuConfig } from '@nqvm/fc-api';
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { CustomCpuTemplate } from './schemas.js';

export const parsePutCpuConfig = parser((input) =>
  action({
    kind: 'PutCpuConfiguration',
    config: decodeBody<CpuConfig>(requireBody(input), CustomCpuTemplate),
  }),
);
