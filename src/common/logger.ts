import { ConsoleLogger } from '@nestjs/common';
import type { AppConfig } from '../config/config';

/** JSON logs, one object a line, at the configured level. */
export function logger(config: AppConfig): ConsoleLogger {
  const levels = ['error', 'warn', 'log', 'debug'] as const;
  return new ConsoleLogger({
    json: true,
    logLevels: [...levels.slice(0, levels.indexOf(config.logLevel) + 1), 'fatal'],
  });
}
