/**
 * One entry of an extension's own log (a JSON line on its stderr).
 *
 * @example
 * const errors = extensionLog(sandbox).filter((e: ExtensionLogEntry) => e.level === 'error');
 */
export type ExtensionLogEntry = { level: string; msg: string } & Record<
  string,
  unknown
>;

/**
 * The extension's own log entries among a sandbox's extension output;
 * lines that are not JSON log entries are left out.
 *
 * @example
 * expect(extensionLog(sandbox).filter((e) => /^lost /.test(e.msg))).toEqual([]);
 */
export function extensionLog(sandbox: {
  readonly extensionOutput: readonly string[];
}): ExtensionLogEntry[] {
  return sandbox.extensionOutput.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return typeof entry.msg === 'string' ? [entry as ExtensionLogEntry] : [];
    } catch {
      return [];
    }
  });
}
