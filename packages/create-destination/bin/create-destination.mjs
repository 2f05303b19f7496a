#!/usr/bin/env node
import { access } from 'node:fs/promises';

const cli = new URL('../dist/cli.js', import.meta.url);
try {
  await access(cli);
} catch {
  process.stderr.write(
    'create-logdrain-destination is not built: run `pnpm --filter @logdrain/create-destination build`, or use `pnpm gen` from the repository root\n'
  );
  process.exit(1);
}
await import(cli.href);
