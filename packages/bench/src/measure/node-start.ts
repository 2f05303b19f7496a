import { spawn } from 'node:child_process';
import { type Distribution, summarize } from '../percentiles.js';

function once(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`node -e '' exited with ${code}`));
    });
  });
}

/** Wall time of `node -e ''`, spawn to exit, over `runs` runs. */
export async function measureNodeStart(
  runs: number
): Promise<Distribution | undefined> {
  const samples: number[] = [];
  for (let n = 0; n < runs; n++) samples.push(await once());
  return summarize(samples.map((ms) => Math.round(ms * 100) / 100));
}
