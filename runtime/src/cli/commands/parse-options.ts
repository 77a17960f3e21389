import { parseArgs } from 'node:util';
import { UsageError } from '../cli-io.ts';

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** Parses a sub-command's arguments; unknown options are usage errors. */
export function parseOptions<T extends OptionSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
