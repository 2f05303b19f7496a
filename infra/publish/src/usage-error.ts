/** A problem with the command line, the data files or the zips: nothing was published (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
