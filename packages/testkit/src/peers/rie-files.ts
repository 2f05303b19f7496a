/** The RIE pseudo-version from the Go module proxy (peers.md §4). */
export const RIE_VERSION = 'v0.0.0-20261030222936-bef5c4ba774d';

/** The `go install` target of the emulator. */
export const RIE_MODULE = `github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@${RIE_VERSION}`;

/**
 * A custom runtime that answers every invoke with its event, for a started
 * emulator that was given no bootstrap of its own.
 */
export function echoBootstrap(nodePath: string): string {
  return `#!${nodePath}
const http = require('node:http');
const base = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime';
const call = (method, path, body) => new Promise((resolve, reject) => {
  const req = http.request(base + path, { method }, (res) => {
    let text = '';
    res.on('data', (c) => { text += c; });
    res.on('end', () => resolve({ headers: res.headers, text }));
  });
  req.on('error', reject);
  req.end(body);
});
(async () => {
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    await call('POST', '/invocation/' + id + '/response', next.text || '{}');
  }
})();
`;
}

/**
 * The shell script run inside a private mount namespace: the layer over
 * /opt (where RIE looks for extensions/), and in managed-instances mode the
 * task folder at /var/task (where that mode looks for bootstrap), on a tmpfs
 * over /var so nothing is created on the host. Arguments: layer dir or '',
 * task dir, 'mi' or 'classic', then the emulator's command line.
 */
export const NAMESPACE_SCRIPT = `set -e
layer="$1"; task="$2"; mode="$3"; shift 3
if [ -n "$layer" ]; then mount --bind "$layer" /opt; fi
if [ "$mode" = mi ]; then
  mount -t tmpfs tmpfs /var
  mkdir /var/task
  mount --bind "$task" /var/task
fi
cd "$task"
exec "$@"
`;
