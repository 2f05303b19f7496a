import { describe, expect, it } from 'vitest';
import {
  CORE_SETTING_WORDS,
  checkName,
  MAX_NAME_LENGTH,
  RESERVED_NAMES,
} from '../src/names.js';

describe('checkName', () => {
  it('derives every spelling from a kebab-case name', () => {
    const result = checkName('splunk-hec');

    expect(result).toEqual({
      ok: true,
      names: {
        name: 'splunk-hec',
        pascal: 'SplunkHec',
        screaming: 'SPLUNK_HEC',
        extension: 'logdrain-splunk-hec',
        packageName: '@logdrain/splunk-hec',
      },
    });
  });

  it('keeps digits inside words', () => {
    const result = checkName('kafka-rest2');

    expect(result.ok && result.names.pascal).toBe('KafkaRest2');
    expect(result.ok && result.names.screaming).toBe('KAFKA_REST2');
  });

  it.each([
    ['Loki', 'not kebab-case'],
    ['splunk_hec', 'not kebab-case'],
    ['splunk--hec', 'not kebab-case'],
    ['-loki', 'not kebab-case'],
    ['loki-', 'not kebab-case'],
    ['2loki', 'not kebab-case'],
    ['lo ki', 'not kebab-case'],
    ['', 'is required'],
  ])('refuses %j as %s', (input, reason) => {
    const result = checkName(input);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toContain(reason);
  });

  it('refuses a name with the logdrain- prefix and suggests the bare name', () => {
    const result = checkName('logdrain-loki');

    expect(result).toEqual({
      ok: false,
      problem:
        '"logdrain-loki": give the bare name (e.g. "loki"); the generator adds logdrain- and @logdrain/ itself',
    });
  });

  it('refuses a scoped package name', () => {
    const result = checkName('@logdrain/loki');

    expect(!result.ok && result.problem).toContain('(e.g. "loki")');
  });

  it('refuses every reserved name', () => {
    const refused = RESERVED_NAMES.filter((name) => !checkName(name).ok);

    expect(refused).toEqual(RESERVED_NAMES);
    expect(checkName('core')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('"core" is reserved'),
    });
  });

  it('refuses a name whose variables would fall among core settings', () => {
    const refused = CORE_SETTING_WORDS.filter(
      (word) => !checkName(`${word}-sink`).ok
    );

    expect(refused).toEqual(CORE_SETTING_WORDS);
    expect(checkName('telemetry-hub')).toMatchObject({
      ok: false,
      problem: expect.stringContaining(
        '"telemetry-hub" would put its variables (LOGDRAIN_TELEMETRY_…) among core\'s own settings'
      ),
    });
    expect(checkName('logstash').ok).toBe(true);
  });

  it(`refuses names longer than ${MAX_NAME_LENGTH} characters`, () => {
    const longest = 'a'.repeat(MAX_NAME_LENGTH);

    const results = [checkName(longest), checkName(`${longest}b`)];

    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(!results[1]?.ok && results[1]?.problem).toContain(
      `at most ${MAX_NAME_LENGTH} are allowed`
    );
  });
});
