import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

// The public API is what apps and generated destinations import. Internals
// stay importable by core's own tests from their modules, not from here.
describe('@logdrain/core public API', () => {
  it('does not export internals that nothing outside core uses', () => {
    const internals = [
      'EventDeque',
      'SpillFile',
      'attemptSend',
      'toExtensionEvent',
      'readLogRecord',
      'summarizePlatformEvent',
      'splitIntoBatches',
      'passesLuhn',
      'describeLossKinds',
    ];

    const exported = internals.filter((name) => name in core);

    expect(exported).toEqual([]);
  });

  it('exports what the webhook app and the generator templates import', () => {
    const used = [
      'runExtension',
      'createEnvReader',
      'outcomeFromStatus',
      'describeRequestError',
      'hideUrlSecrets',
      'ConfigError',
    ];

    const missing = used.filter((name) => !(name in core));

    expect(missing).toEqual([]);
  });
});
