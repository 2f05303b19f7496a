import { join } from 'node:path';
import { httpCall } from './http-call.js';
import { ensureInstalled, type InstallResult } from './install-state.js';
import { launchPeer } from './launch-peer.js';
import type {
  PeerInstallOptions,
  PeerStartOptions,
  RunningPeer,
} from './peer-options.js';
import { findFreePort } from './peer-process.js';
import { resolvePeersDir } from './peers-dir.js';
import { runLogged } from './run-logged.js';

/** The moto release the peer runs (S3, CloudWatch Logs, Lambda layers). */
export const MOTO_VERSION = '5.2.5';

const PEER = 'moto';

export interface MotoPeer extends RunningPeer {
  /** Forgets every bucket, log group and layer (POST /moto-api/reset). */
  reset(): Promise<void>;
}

/**
 * An `Authorization` header moto routes by: it reads the service from the
 * credential scope and checks no signature, so plain HTTP calls need no signer.
 */
export function motoAuthorization(opts: {
  service: string;
  region?: string;
}): string {
  const scope = `test/20260101/${opts.region ?? 'us-east-1'}/${opts.service}/aws4_request`;
  return `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`;
}

function motoDir(opts: PeerInstallOptions): string {
  return join(opts.peersDir ?? resolvePeersDir(), PEER);
}

/**
 * Creates a venv with `moto[server]` under the peers folder, once.
 * The Python used is `LOGDRAIN_PYTHON`, else `python3`.
 */
export function installMoto(
  opts: PeerInstallOptions = {}
): Promise<InstallResult> {
  const python = process.env.LOGDRAIN_PYTHON || 'python3';
  return ensureInstalled({
    peer: PEER,
    dir: motoDir(opts),
    fingerprint: `moto[server]==${MOTO_VERSION} ${python}`,
    install: async (dir) => {
      const logFile = join(dir, 'install.log');
      const venv = join(dir, 'venv');
      opts.onProgress?.(`moto: creating a venv with ${python}`);
      await runLogged(python, ['-m', 'venv', '--clear', venv], {
        peer: PEER,
        logFile,
      });
      opts.onProgress?.(`moto: pip install moto[server]==${MOTO_VERSION}`);
      await runLogged(
        join(venv, 'bin', 'pip'),
        [
          'install',
          '--disable-pip-version-check',
          '--no-input',
          '--no-cache-dir',
          `moto[server]==${MOTO_VERSION}`,
        ],
        { peer: PEER, logFile }
      );
    },
  });
}

/**
 * Starts `moto_server` on 127.0.0.1 and a free port, installing it first if
 * needed. One process serves every AWS service; it routes by the credential
 * scope of the `Authorization` header and accepts any credentials.
 *
 * @example
 * await using moto = await startMoto();
 * // CreateBucket `logs`, then a secret:
 * await fetch(`${moto.url}/logs`, { method: 'PUT', headers: { authorization: motoAuthorization({ service: 's3' }) } });
 * await motoJsonCall(moto.url, { service: 'secretsmanager', target: 'secretsmanager.CreateSecret', body: { Name: 'hook', SecretString: 's' } });
 */
export async function startMoto(
  opts: PeerStartOptions = {}
): Promise<MotoPeer> {
  const installed = await installMoto(opts);
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const peer = await launchPeer({
    ...opts,
    peer: PEER,
    url,
    command: join(installed.dir, 'venv', 'bin', 'moto_server'),
    args: () => ['-H', '127.0.0.1', '-p', String(port)],
    probe: async () =>
      (await httpCall(`${url}/moto-api/data.json`, { timeoutMs: 2_000 }))
        .status === 200,
    defaultReadyTimeoutMs: 60_000,
  });
  return {
    ...peer,
    async reset() {
      const answer = await httpCall(`${url}/moto-api/reset`, {
        method: 'POST',
      });
      if (answer.status !== 200) {
        throw new Error(`moto reset answered ${answer.status}`);
      }
    },
  };
}
