import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvWithConfigFile } from '../src/config-file.js';

function writeConfig(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'logdrain-config-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadEnvWithConfigFile', () => {
  it('returns the env untouched when LOGDRAIN_CONFIG is not set', () => {
    const env = { LOGDRAIN_FLUSH: 'end' };

    const loaded = loadEnvWithConfigFile(env);

    expect(loaded.env).toBe(env);
    expect(loaded.problems).toHaveLength(0);
  });

  it('merges the file under the environment', () => {
    const path = writeConfig(
      'logdrain.json',
      JSON.stringify({
        LOGDRAIN_FLUSH: 'end',
        LOGDRAIN_MIN_LEVEL: 'WARN',
        LOGDRAIN_BUFFER_MAX_BYTES: 2097152,
        LOGDRAIN_REDACT: ['email', '/x,y/'],
        LOGDRAIN_INCLUDE: null,
      })
    );

    const loaded = loadEnvWithConfigFile({
      LOGDRAIN_CONFIG: path,
      LOGDRAIN_FLUSH: 'continuous:500',
      LOGDRAIN_MIN_LEVEL: '',
    });

    expect(loaded.problems).toHaveLength(0);
    expect(loaded.env).toEqual({
      LOGDRAIN_CONFIG: path,
      LOGDRAIN_FLUSH: 'continuous:500',
      LOGDRAIN_MIN_LEVEL: 'WARN',
      LOGDRAIN_BUFFER_MAX_BYTES: '2097152',
      LOGDRAIN_REDACT: '["email","/x,y/"]',
    });
  });

  it('resolves a relative path against LAMBDA_TASK_ROOT', () => {
    const path = writeConfig('rel.json', '{"LOGDRAIN_TYPES":"function"}');
    const dir = path.slice(0, -'rel.json'.length);

    const loaded = loadEnvWithConfigFile({
      LOGDRAIN_CONFIG: 'rel.json',
      LAMBDA_TASK_ROOT: dir,
    });

    expect(loaded.env.LOGDRAIN_TYPES).toBe('function');
  });

  it('reports a missing file naming LOGDRAIN_CONFIG', () => {
    const loaded = loadEnvWithConfigFile({
      LOGDRAIN_CONFIG: '/nonexistent/logdrain.json',
    });

    expect(loaded.problems).toEqual([
      {
        variable: 'LOGDRAIN_CONFIG',
        value: '/nonexistent/logdrain.json',
        allowed:
          'the path of a readable JSON file (/nonexistent/logdrain.json: ENOENT)',
      },
    ]);
  });

  it('never quotes the malformed text, which may hold a secret', () => {
    const bad = writeConfig(
      'secret.json',
      '{"LOGDRAIN_WEBHOOK_SECRET": topsecretvalue123}'
    );
    const positioned = writeConfig(
      'positioned.json',
      '{\n  "LOGDRAIN_WEBHOOK_SECRET": "topsecretvalue123",\n}'
    );

    const a = loadEnvWithConfigFile({ LOGDRAIN_CONFIG: bad });
    const b = loadEnvWithConfigFile({ LOGDRAIN_CONFIG: positioned });

    expect(a.problems).toHaveLength(1);
    expect(a.problems[0]?.allowed).not.toMatch(/topsecret|SECRET/);
    expect(a.problems[0]?.allowed).toMatch(/: invalid JSON\)$/);
    expect(b.problems[0]?.allowed).not.toMatch(/topsecret|SECRET/);
    expect(b.problems[0]?.allowed).toMatch(
      /: invalid JSON at line 3, column 1\)$/
    );
  });

  it('reports malformed JSON and JSON that is not an object', () => {
    const bad = writeConfig('bad.json', '{"LOGDRAIN_FLUSH":');
    const list = writeConfig('list.json', '["LOGDRAIN_FLUSH"]');

    const a = loadEnvWithConfigFile({ LOGDRAIN_CONFIG: bad });
    const b = loadEnvWithConfigFile({ LOGDRAIN_CONFIG: list });

    expect(a.problems[0]?.allowed).toMatch(/^a file holding valid JSON/);
    expect(b.problems[0]?.allowed).toMatch(
      /^a JSON file holding one object of variable names to values/
    );
    expect(a.problems).toHaveLength(1);
    expect(b.problems).toHaveLength(1);
  });
});
