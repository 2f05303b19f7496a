import { describe, expect, it } from 'vitest';
import { hostsAddress } from '../src/hosts-file.js';

describe('hostsAddress', () => {
  it('finds the IPv4 address of a name or alias, case-insensitively', () => {
    const text = [
      '# comment sandbox.localdomain',
      '::1 localhost sandbox.localdomain',
      '127.0.0.1\tlocalhost localhost.localdomain',
      '169.254.100.1  sandbox  Sandbox.Localdomain # the sandbox',
      '10.0.0.1 sandbox.localdomain',
    ].join('\n');

    expect(hostsAddress(text, 'sandbox.localdomain')).toBe('169.254.100.1');
    expect(hostsAddress(text, 'sandbox')).toBe('169.254.100.1');
    expect(hostsAddress(text, 'localhost')).toBe('127.0.0.1');
  });

  it('gives undefined when no line names it', () => {
    expect(hostsAddress('', 'sandbox.localdomain')).toBeUndefined();
    expect(
      hostsAddress('127.0.0.1 localhost\n\n   \n', 'sandbox.localdomain')
    ).toBeUndefined();
  });
});
