// PUT /metrics.
import type { Metrics } from '@nqvm/fc-api';
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { MetricsConfig } from './schemas.js';

export const parsePutMetrics = parser((input) =>
  action({ kind: 'ConfigureMetrics', config: decodeBody<Metrics>(requireBody(input), MetricsConfig) }),
);
