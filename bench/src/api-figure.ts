// Figure: fc-vmm API call latency (keep-alive client on the Unix socket), pre-boot.

import { startFcVmm } from './processes.js';
import type { Figure } from './report.js';
import { summarize } from './stats.js';

export async function apiLatencyFigure(dir: string, calls: number): Promise<Figure> {
  const vmm = await startFcVmm(dir, 'api-latency');
  const time = async (fn: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      await fn();
      samples.push(performance.now() - t0);
    }
    return summarize(samples);
  };
  try {
    // Warm the connection and the JIT first, so the figure is about steady state.
    for (let i = 0; i < 50; i++) await vmm.client.describeInstance();
    const get = await time(() => vmm.client.describeInstance());
    const put = await time(() => vmm.client.putMachineConfig({ vcpu_count: 1, mem_size_mib: 256 }));
    const config = await time(() => vmm.client.getVmConfig());
    return {
      id: 'api',
      title: 'fc-vmm API call latency (round trip on the Unix socket)',
      unit: 'ms',
      rows: [
        { label: 'GET / (instance info)', summary: get, target: 1 },
        { label: 'PUT /machine-config (validated, pre-boot)', summary: put, target: 1 },
        { label: 'GET /vm/config', summary: config, target: 1 },
      ],
      notes: [`${calls} calls each; p99 in the table's p99 column.`],
    };
  } finally {
    await vmm.kill();
  }
}
