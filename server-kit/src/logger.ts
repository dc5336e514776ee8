import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs on stderr, so stdout stays free for what commands print. Writes are
 * buffered (a synchronous write per request would cost more than most requests); the buffer is
 * flushed when the hub closes and when the process exits.
 */
export function createLogger(level = process.env.CSGHUB_LOG_LEVEL ?? 'info'): Logger {
  const destination = pino.destination({ dest: 2, sync: false, minLength: 4096 });
  process.once('exit', () => destination.flushSync());
  return pino({ level, base: { service: 'csghub' } }, destination);
}
