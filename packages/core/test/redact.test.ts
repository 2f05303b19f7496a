import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import {
  createRedactor,
  isCardNumber,
  passesLuhn,
  REDACTION_NAMES,
} from '../src/redact.js';

const ALL = { names: REDACTION_NAMES, patterns: [] };

describe('createRedactor: email', () => {
  it('masks email addresses', () => {
    const redact = createRedactor({ names: ['email'], patterns: [] });

    const text = redact(
      'to bob.smith+tag@mail.example.co.uk and ann@x.io, not @handle'
    );

    expect(text).toBe('to [REDACTED:email] and [REDACTED:email], not @handle');
  });
});

describe('createRedactor: aws-access-key', () => {
  it('masks access key ids (AKIA, ASIA)', () => {
    const redact = createRedactor({ names: ['aws-access-key'], patterns: [] });

    const text = redact('keys AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A.');

    expect(text).toBe(
      'keys [REDACTED:aws-access-key] and [REDACTED:aws-access-key].'
    );
  });

  it('leaves lower-case or longer look-alikes alone', () => {
    const redact = createRedactor({ names: ['aws-access-key'], patterns: [] });
    const input = 'akiaiosfodnn7example AKIAIOSFODNN7EXAMPLEX';

    expect(redact(input)).toBe(input);
  });

  it('masks a labelled secret access key, keeping the label', () => {
    const redact = createRedactor({ names: ['aws-access-key'], patterns: [] });

    const text = redact(
      'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY {"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}'
    );

    expect(text).toBe(
      'AWS_SECRET_ACCESS_KEY=[REDACTED:aws-access-key] {"SecretAccessKey": "[REDACTED:aws-access-key]"}'
    );
  });
});

describe('createRedactor: bearer-token', () => {
  it('masks the token after Bearer, any case', () => {
    const redact = createRedactor({ names: ['bearer-token'], patterns: [] });

    const text = redact(
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl; bearer abcdefgh12345678=='
    );

    expect(text).toBe(
      'Authorization: Bearer [REDACTED:bearer-token]; bearer [REDACTED:bearer-token]'
    );
  });

  it('leaves short words after Bearer alone', () => {
    const redact = createRedactor({ names: ['bearer-token'], patterns: [] });

    expect(redact('Bearer token missing')).toBe('Bearer token missing');
  });
});

describe('createRedactor: credit-card', () => {
  it('masks Luhn-valid numbers of 13-19 digits, with spaces or dashes', () => {
    const redact = createRedactor({ names: ['credit-card'], patterns: [] });

    const text = redact(
      'visa 4111 1111 1111 1111, amex 3782-822463-10005, plain 4012888888881881, 13 digits 4222222222222'
    );

    expect(text).toBe(
      'visa [REDACTED:credit-card], amex [REDACTED:credit-card], plain [REDACTED:credit-card], 13 digits [REDACTED:credit-card]'
    );
  });

  it('masks a card next to another number (CVV, expiry, amount)', () => {
    const redact = createRedactor({ names: ['credit-card'], patterns: [] });

    const text = redact(
      'cvv 4111 1111 1111 1111 123, expiry 4111111111111111 12/25, amount 12 4111-1111-1111-1111'
    );

    expect(text).toBe(
      'cvv [REDACTED:credit-card] 123, expiry [REDACTED:credit-card] 12/25, amount 12 [REDACTED:credit-card]'
    );
  });

  it('leaves Luhn-invalid and too short numbers alone', () => {
    const redact = createRedactor({ names: ['credit-card'], patterns: [] });
    const input = 'order 4111 1111 1111 1112, phone 555-0100, id 123456789012';

    expect(redact(input)).toBe(input);
  });

  it('leaves 1,000 consecutive epoch-millisecond timestamps alone', () => {
    const redact = createRedactor({ names: ['credit-card'], patterns: [] });
    const lines = Array.from(
      { length: 1_000 },
      (_, i) => `{"timestamp":${1_769_001_234_000 + i},"msg":"done"}`
    );

    const masked = lines.filter((l) => redact(l) !== l);

    expect(masked).toHaveLength(0);
  });

  it('masks the test card numbers of every network', () => {
    const redact = createRedactor({ names: ['credit-card'], patterns: [] });
    const cards = {
      visa: ['4111111111111111', '4012888888881881', '4222222222222'],
      mastercard: ['5555555555554444', '5105105105105100', '2223003122003222'],
      amex: ['378282246310005', '371449635398431', '340000000000009'],
      discover: [
        '6011111111111117',
        '6011000990139424',
        '6445644564456445',
        '6500000000000002',
      ],
      jcb: ['3530111333300000', '3566002020360505'],
      diners: [
        '30569309025904',
        '38520000023237',
        '36227206271667',
        '3056930009020004',
      ],
      unionpay: ['6200000000000005', '6205500000000000004'],
    };
    const all = Object.values(cards).flat();

    const results = all.map((card) => redact(`card ${card}.`));

    expect(results).toEqual(all.map(() => 'card [REDACTED:credit-card].'));
  });

  it('leaves Luhn-valid numbers without a card network prefix alone', () => {
    const redact = createRedactor({ names: ['credit-card'], patterns: [] });
    // Each passes Luhn: 1…, 2220…, 2721…, 3527…, 306…, 643…, 7…, 9….
    const input = [
      '1234567812345670',
      '2220000000000000',
      '2721000000000004',
      '3527000000000008',
      '30600000000001',
      '6430000000000007',
      '7000000000000005',
      '9000000000000001',
    ].join(' ');
    const flags = input.split(' ').map(passesLuhn);

    const text = redact(input);

    expect(flags.every(Boolean)).toBe(true);
    expect(text).toBe(input);
  });

  it('leaves digits inside words alone', () => {
    const redact = createRedactor({ names: ['credit-card'], patterns: [] });
    const input = 'trace id_4111111111111111 x4111111111111111';

    expect(redact(input)).toBe(input);
  });
});

describe('passesLuhn', () => {
  it('checks the Luhn sum over 13-19 digits', () => {
    const results = [
      '4111111111111111',
      '4111111111111112',
      '6011 0009 9013 9424',
      '79927398713',
      '4111111111111111111',
      '41111111111111111110',
    ].map(passesLuhn);

    expect(results).toEqual([true, false, true, false, false, false]);
  });
});

describe('isCardNumber', () => {
  it('needs both a network prefix and the Luhn sum', () => {
    const results = [
      '4111 1111 1111 1111',
      '4111 1111 1111 1112',
      '1769001234565',
      '2720992720992729',
    ].map(isCardNumber);

    expect(results).toEqual([true, false, false, true]);
  });
});

describe('createRedactor: user patterns', () => {
  it('masks matches of user patterns with [REDACTED]', () => {
    const redact = createRedactor({
      names: [],
      patterns: [/order-\d+/, /SECRET/i],
    });

    const text = redact('order-77 and order-78 with secret and Secret');

    expect(text).toBe(
      '[REDACTED] and [REDACTED] with [REDACTED] and [REDACTED]'
    );
  });

  it('ignores the lastIndex state of a global or sticky pattern', () => {
    const sticky = /x/y;
    sticky.lastIndex = 5;
    const global = /y/g;
    global.lastIndex = 9;
    const redact = createRedactor({ names: [], patterns: [sticky, global] });

    expect(redact('a x y x y')).toBe(
      'a [REDACTED] [REDACTED] [REDACTED] [REDACTED]'
    );
    expect(redact('x y')).toBe('[REDACTED] [REDACTED]');
  });
});

describe('createRedactor', () => {
  it('returns text without secrets unchanged', () => {
    const redact = createRedactor(ALL);
    const input =
      '2026-01-20T09:14:02.700Z\t8f507cfc-2f8b-4c1e-a6a2-1f3c9b0d7e41\tINFO\tloaded 3 orders';

    expect(redact(input)).toBe(input);
  });

  it('masks the same secrets again in every later call', () => {
    const redact = createRedactor({ ...ALL, patterns: [/order-\d+/] });
    const text = 'x AKIAIOSFODNN7EXAMPLE order-7 a@b.io 4111111111111111';
    const masked =
      'x [REDACTED:aws-access-key] [REDACTED] [REDACTED:email] [REDACTED:credit-card]';

    expect([redact(text), redact(text), redact(`${text} y`)]).toEqual([
      masked,
      masked,
      `${masked} y`,
    ]);
  });

  it('applies every named pattern', () => {
    const redact = createRedactor(ALL);

    const text = redact(
      'a@b.io AKIAIOSFODNN7EXAMPLE Bearer abcdefgh1234 4111111111111111'
    );

    expect(text).toBe(
      '[REDACTED:email] [REDACTED:aws-access-key] Bearer [REDACTED:bearer-token] [REDACTED:credit-card]'
    );
  });

  it('throws a ConfigError naming LOGDRAIN_REDACT for an unknown name', () => {
    const create = () => createRedactor({ names: ['phone'], patterns: [] });

    expect(create).toThrow(ConfigError);
    expect(create).toThrow(
      /LOGDRAIN_REDACT must be one of email, aws-access-key, bearer-token, credit-card/
    );
  });

  // Speed is measured in benchmarks, not here: this pins the exact output
  // for near misses that make unbounded patterns backtrack, and the test
  // timeout catches a pattern that would backtrack catastrophically.
  it('leaves long near misses alone and masks the secrets after them', () => {
    const redact = createRedactor(ALL);
    const nearMisses = [
      // An address without a domain, then digits with no word boundary.
      `${'a'.repeat(30_000)}@${'1'.repeat(30_000)}`,
      // Endless one-letter domain labels: never a top-level domain.
      `user@${'x.'.repeat(10_000)}`,
      // More blanks after Bearer than the pattern allows.
      `Bearer${' '.repeat(20)}token12345`,
      // 19-digit groups that fail Luhn, over and over.
      '1-'.repeat(10_000),
      // An access key id that never ends on a word boundary.
      `AKIA${'A'.repeat(10_000)}`,
    ].join(' ');
    const secrets =
      'ops@example.com Bearer abcdefgh1234 4111 1111 1111 1111 AKIAIOSFODNN7EXAMPLE';

    const text = redact(`${nearMisses} ${secrets}`);

    expect(text).toBe(
      `${nearMisses} [REDACTED:email] Bearer [REDACTED:bearer-token] [REDACTED:credit-card] [REDACTED:aws-access-key]`
    );
  });
});
