import pino, { type Logger } from 'pino';

/** Structured JSON logs on stderr, so stdout stays free for what commands print. */
export function createLogger(level = process.env.CSGHUB_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'csghub' } }, pino.destination(2));
}
