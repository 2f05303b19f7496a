/** Collector core release; the stable (v1.x) modules are 94 minor versions ahead. */
export const OTELCOL_VERSION = '0.161.0';
const STABLE_VERSION = '1.67.0';

/**
 * The collector builder's manifest: OTLP receiver, file exporter (JSON lines)
 * and health_check, every module at one release. contrib's fileexporter was
 * seen to resolve only up to v0.161.0 with the Go here.
 */
export function otelcolManifest(outputPath: string): string {
  const core = 'go.opentelemetry.io/collector';
  const contrib = 'github.com/open-telemetry/opentelemetry-collector-contrib';
  return `dist:
  name: otelcol-logdrain
  description: OTLP/HTTP test peer for logdrain
  output_path: ${JSON.stringify(outputPath)}
  version: ${OTELCOL_VERSION}-logdrain
receivers:
  - gomod: ${core}/receiver/otlpreceiver v${OTELCOL_VERSION}
exporters:
  - gomod: ${contrib}/exporter/fileexporter v${OTELCOL_VERSION}
extensions:
  - gomod: ${contrib}/extension/healthcheckextension v${OTELCOL_VERSION}
providers:
  - gomod: ${core}/confmap/provider/envprovider v${STABLE_VERSION}
  - gomod: ${core}/confmap/provider/fileprovider v${STABLE_VERSION}
`;
}

export interface OtelcolConfigOptions {
  readonly otlpHttpPort: number;
  readonly healthPort: number;
  readonly logsFile: string;
}

/**
 * The run configuration: OTLP/HTTP in on 127.0.0.1, every logs request
 * appended to `logsFile` as one OTLP/JSON ExportLogsServiceRequest per line.
 * `metrics: level: none` keeps the collector's own :8888 endpoint closed.
 */
export function otelcolConfig(opts: OtelcolConfigOptions): string {
  return `extensions:
  health_check:
    endpoint: 127.0.0.1:${opts.healthPort}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${opts.otlpHttpPort}
exporters:
  file:
    path: ${JSON.stringify(opts.logsFile)}
    format: json
    flush_interval: 100ms
service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [otlp]
      exporters: [file]
`;
}
