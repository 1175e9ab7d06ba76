/** What every CLI command shares: exit codes, the usage error, I/O streams, flags and output. */
import { parseArgs } from 'node:util';
import type { CompareRequest, PartialOptions } from '../../engine/types.ts';

/** Exit codes a shell user can act on (sysexits.h where one fits). */
export const EXIT = {
  ok: 0,
  /** Something unexpected: a bug; the message says so. */
  internal: 1,
  /** Wrong command line: see `parallax help`. */
  usage: 2,
  /** The input was read but is not acceptable (too few articles, empty article, bad JSON...). */
  data: 65,
  /** An input file or folder could not be opened or read. */
  noInput: 66,
} as const;

/** A wrong command line: reported with a pointer to `parallax help`. */
export class UsageError extends Error {}

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

/** Parses a command's flags (unknown flags are a usage error). */
export function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        options: { type: 'string' },
        format: { type: 'string', short: 'f' },
        json: { type: 'boolean' },
        'allow-private-addresses': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function parseOptionsFlag(value: string | undefined): PartialOptions | undefined {
  if (value === undefined) return undefined;
  try {
    const v = JSON.parse(value) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as PartialOptions;
  } catch (e) {
    throw new UsageError(`--options must be a JSON object: ${(e as Error).message}`);
  }
}

/** Merges CLI options over a request's own options, section by section. */
export function withOptions(request: CompareRequest, flag: PartialOptions | undefined): CompareRequest {
  if (!flag) return request;
  const merged: Record<string, unknown> = { ...(request.options ?? {}) };
  for (const [k, v] of Object.entries(flag)) merged[k] = { ...((merged[k] as object) ?? {}), ...(v as object) };
  return { ...request, options: merged as PartialOptions };
}

/** All of stdin as text. */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}


/** Writes `text`, resolving once the stream took it (backpressure for long outputs). */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (e) => (e ? reject(e) : resolve()));
  });
}
