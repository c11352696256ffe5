import type { LogFields, Logger } from '../../src/observability/logger';

/** One log entry a {@link recordingLogger} received. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: LogFields;
  readonly message: string;
}

/** A logger that keeps what it is given, in order. */
export const recordingLogger = (): { readonly logger: Logger; readonly entries: LogEntry[] } => {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (fields: LogFields, message: string): void => {
      entries.push({ level, fields, message });
    };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, entries };
};
