import type { InstallResult } from './install-state.js';
import { installMoto, startMoto } from './moto.js';
import { installOpenSearch, startOpenSearch } from './opensearch.js';
import { installOtelCollector, startOtelCollector } from './otelcol.js';
import type {
  PeerInstallOptions,
  PeerStartOptions,
  RunningPeer,
} from './peer-options.js';
import { installRie, startRie } from './rie.js';
import { RIE_VERSION } from './rie-files.js';

/** The real servers the CLI knows, by name. */
export const PEER_NAMES = ['moto', 'opensearch', 'otelcol', 'rie'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface PeerEntry {
  readonly describe: string;
  install(opts: PeerInstallOptions): Promise<InstallResult>;
  start(opts: PeerStartOptions): Promise<RunningPeer>;
}

export const PEERS: Readonly<Record<PeerName, PeerEntry>> = {
  moto: {
    describe: 'moto[server] 5.2.5 in a venv (S3, CloudWatch Logs, Lambda)',
    install: installMoto,
    start: startMoto,
  },
  opensearch: {
    describe: 'OpenSearch 2.19.1 (codelibs runner 2.19.1.0, Maven Central)',
    install: installOpenSearch,
    start: startOpenSearch,
  },
  otelcol: {
    describe: 'OpenTelemetry Collector 0.161.0 (builder: otlp -> file)',
    install: installOtelCollector,
    start: startOtelCollector,
  },
  rie: {
    describe: `AWS Lambda RIE ${RIE_VERSION} (Go module proxy)`,
    install: installRie,
    start: startRie,
  },
};
