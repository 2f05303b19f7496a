import { execFileSync } from 'node:child_process';

/**
 * Major version of a Node.js binary (`node --version`), so AWS_EXECUTION_ENV
 * and the runtime version follow the binary that runs, not the sandbox's own.
 */
export function nodeMajorOf(nodePath: string): number {
  if (nodePath === process.execPath) {
    return Number(process.versions.node.split('.')[0]);
  }
  let output: string;
  try {
    output = execFileSync(nodePath, ['--version'], {
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw new Error(
      `nodePath ${nodePath} could not be run (${(error as Error).message.split('\n')[0]}); give a Node.js binary or 'none'`
    );
  }
  const match = /^v(\d+)\./.exec(output.trim());
  if (!match) {
    throw new Error(
      `nodePath ${nodePath} printed ${JSON.stringify(output.trim())} for --version; give a Node.js binary or 'none'`
    );
  }
  return Number(match[1]);
}
