/** Input-file errors, in a module of their own so that the CLI can tell them apart without loading the readers. */

/** A problem reading input from disk: missing, unreadable, binary or mis-encoded. */
export class FileError extends Error {
  override readonly name = 'FileError';
  constructor(
    message: string,
    readonly path: string,
    readonly code: 'not-found' | 'unreadable' | 'too-large' | 'binary' | 'bad-encoding' | 'unsupported' | 'invalid-json',
  ) {
    super(message);
  }
}

/** True for a `FileError` (works across module copies, unlike instanceof). */
export function isFileError(e: unknown): e is FileError {
  return e instanceof Error && e.name === 'FileError' && typeof (e as FileError).code === 'string';
}
