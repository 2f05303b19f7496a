import { describe, expect, it } from 'vitest';
import { parseRegister } from '../src/register-request.js';

describe('parseRegister', () => {
  it('reads the name, events and accepted features', () => {
    const result = parseRegister(
      {
        'lambda-extension-name': 'shipper',
        'lambda-extension-accept-feature': 'accountId, future',
      },
      Buffer.from('{"events":["SHUTDOWN","INVOKE","SHUTDOWN"]}')
    );

    expect(result).toEqual({
      ok: true,
      name: 'shipper',
      events: ['SHUTDOWN', 'INVOKE'],
      features: ['accountId', 'future'],
    });
  });

  it('takes an empty body as no events', () => {
    const result = parseRegister(
      { 'lambda-extension-name': 'idle' },
      Buffer.alloc(0)
    );

    expect(result).toMatchObject({ ok: true, events: [] });
  });

  it('refuses an unknown event type', () => {
    const result = parseRegister(
      { 'lambda-extension-name': 'x' },
      Buffer.from('{"events":["RESTORE"]}')
    );

    expect(result).toMatchObject({
      ok: false,
      errorType: 'Extension.InvalidEventType',
    });
  });
});
