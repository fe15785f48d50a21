export type Logger = Readonly<{
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}>;

/** Per-module logger writing to stderr, so a CLI's stdout stays clean for its output (and for --json). */
export function createLogger(module: string): Logger {
  const write = (level: string, message: string, rest: unknown[]) => {
    if (level === 'info' && process.env['FACETS_LOG'] !== 'info') return;
    console.error(`[${level}] ${module}: ${message}`, ...rest);
  };
  return {
    info: (message, ...rest) => write('info', message, rest),
    warn: (message, ...rest) => write('warn', message, rest),
    error: (message, ...rest) => write('error', message, rest),
  };
}
