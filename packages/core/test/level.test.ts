import { describe, expect, it } from 'vitest';
import { isLevelAtLeast, parseLevel } from '../src/level.js';

describe('parseLevel', () => {
  it('reads the six levels in any case', () => {
    const names = ['trace', 'Debug', 'INFO', 'warn', 'Error', 'fatal'];

    const levels = names.map((name) => parseLevel(name));

    expect(levels).toEqual([
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
    ]);
  });

  it('maps the aliases WARNING, ERR and CRITICAL', () => {
    const levels = ['WARNING', 'err', 'critical'].map((name) =>
      parseLevel(name)
    );

    expect(levels).toEqual(['WARN', 'ERROR', 'FATAL']);
  });

  it('ignores surrounding spaces', () => {
    expect(parseLevel(' info ')).toBe('INFO');
  });

  it('returns undefined for unknown names and undefined', () => {
    const levels = ['loud', '', 'constructor', undefined].map((name) =>
      parseLevel(name)
    );

    expect(levels).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('isLevelAtLeast', () => {
  it('compares by severity', () => {
    expect(isLevelAtLeast('ERROR', 'WARN')).toBe(true);
    expect(isLevelAtLeast('WARN', 'WARN')).toBe(true);
    expect(isLevelAtLeast('DEBUG', 'INFO')).toBe(false);
    expect(isLevelAtLeast('FATAL', 'TRACE')).toBe(true);
    expect(isLevelAtLeast('TRACE', 'FATAL')).toBe(false);
  });
});
