import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where peers are installed: `LOGDRAIN_PEERS_DIR`, else
 * `${XDG_CACHE_HOME:-~/.cache}/logdrain/peers`. Never inside the repository.
 */
export function resolvePeersDir(
  env: Readonly<Record<string, string | undefined>> = process.env
): string {
  if (env.LOGDRAIN_PEERS_DIR) return resolve(env.LOGDRAIN_PEERS_DIR);
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'logdrain', 'peers');
}
