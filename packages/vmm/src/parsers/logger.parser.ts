// PUT /logger.
import type { Logger } from '@nqvm/fc-api';
import { action, decodeBody, parser, requireBody } from './parsed-request.js';
import { LoggerConfig } from './schemas.js';

type Level = NonNullable<Logger['level']>;

/** Levels are case-insensitive on the wire; the action carries the canonical spelling. */
export function canonicalLevel(level: string): Level {
  const lower = level.toLowerCase();
  if (lower === 'warn' || lower === 'warning') return 'Warning';
  return (lower.charAt(0).toUpperCase() + lower.slice(1)) as Level;
}

export const parsePutLogger = parser((input) => {
  const config = decodeBody<Logger>(requireBody(input), LoggerConfig);
  if (config.level !== undefined) config.level = canonicalLevel(config.level);
  return action({ kind: 'ConfigureLogger', config });
});
