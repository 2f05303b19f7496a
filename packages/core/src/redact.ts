import { ConfigError } from './errors.js';

/**
 * Named patterns `LOGDRAIN_REDACT` may list.
 *
 * @example
 * REDACTION_NAMES.includes('email'); // true
 */
export const REDACTION_NAMES = [
  'email',
  'aws-access-key',
  'bearer-token',
  'credit-card',
] as const;
/**
 * One of {@link REDACTION_NAMES}.
 *
 * @example
 * const name: RedactionName = 'credit-card';
 */
export type RedactionName = (typeof REDACTION_NAMES)[number];

/**
 * Masks secrets in a text; returns the text itself when nothing matched.
 *
 * @example
 * const redact: Redactor = createRedactor({ names: ['email'], patterns: [] });
 * redact('mail bob@example.com'); // 'mail [REDACTED:email]'
 */
export type Redactor = (text: string) => string;

/**
 * Options of {@link createRedactor}.
 *
 * @example
 * const opts: RedactorOptions = { names: ['email'], patterns: [/order-\d+/] };
 */
export interface RedactorOptions {
  /** Named patterns from {@link REDACTION_NAMES}. */
  readonly names: readonly string[];
  /** User regular expressions; every match becomes `[REDACTED]`. */
  readonly patterns: readonly RegExp[];
}

type Replacement = string | ((match: string, label?: string) => string);

interface Rule {
  readonly pattern: RegExp;
  readonly replacement: Replacement;
  /** A cheap test that must pass before the regular expression runs. */
  readonly mayMatch?: (text: string) => boolean;
}

// Quantifiers are bounded so that no pattern backtracks badly on long lines.
const NAMED_RULES: Record<RedactionName, readonly Rule[]> = {
  email: [
    {
      pattern:
        /[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,63}/g,
      replacement: '[REDACTED:email]',
      mayMatch: (text) => text.includes('@'),
    },
  ],
  'aws-access-key': [
    {
      // Access key ids: AKIA (long-term), ASIA (temporary) and the other
      // documented unique-id prefixes, then 16 upper-case letters or digits.
      pattern:
        /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}\b/g,
      replacement: '[REDACTED:aws-access-key]',
    },
    {
      // A 40-character secret access key next to its usual labels.
      pattern:
        /\b((?:aws_?secret_?access_?key|SecretAccessKey)["']?\s{0,4}[:=]\s{0,4}["']?)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi,
      replacement: '$1[REDACTED:aws-access-key]',
    },
  ],
  'bearer-token': [
    {
      // Keep the word "Bearer" so the line stays readable.
      pattern: /\b(Bearer\s{1,8})[A-Za-z0-9\-._~+/]{8,}(?:=*)/gi,
      replacement: '$1[REDACTED:bearer-token]',
    },
  ],
  'credit-card': [
    {
      // 13-19 digits, optionally grouped by spaces or dashes; a card
      // network prefix and Luhn decide.
      pattern: /\b\d(?:[ -]?\d){12,18}\b/g,
      replacement: maskCard,
    },
  ],
};

const CARD_MASK = '[REDACTED:credit-card]';

// Issuer prefixes (IIN ranges) of the card networks, as [digits, from, to]:
// Visa 4; Mastercard 51-55, 2221-2720; Amex 34, 37; Discover 6011,
// 644-649, 65; JCB 3528-3589; Diners Club 300-305, 36, 38-39; UnionPay 62.
// Luhn alone passes one number in ten: about one epoch-millisecond
// timestamp (13 digits, starting with 1) in ten would be masked.
const CARD_PREFIXES: readonly (readonly [number, number, number])[] = [
  [1, 4, 4],
  [2, 51, 55],
  [4, 2221, 2720],
  [2, 34, 34],
  [2, 37, 37],
  [4, 6011, 6011],
  [3, 644, 649],
  [2, 65, 65],
  [4, 3528, 3589],
  [3, 300, 305],
  [2, 36, 36],
  [2, 38, 39],
  [2, 62, 62],
];

/**
 * True when the digits in `text` (other characters ignored) start with a
 * card network's prefix and pass the Luhn check over 13-19 digits.
 *
 * @example
 * isCardNumber('4111 1111 1111 1111'); // true
 * isCardNumber('1769001234565'); // false: Luhn-valid, but no network starts with 1
 */
export function isCardNumber(text: string): boolean {
  const digits = text.replace(/\D/g, '');
  const hasPrefix = CARD_PREFIXES.some(([length, from, to]) => {
    const prefix = Number(digits.slice(0, length));
    return prefix >= from && prefix <= to;
  });
  return hasPrefix && passesLuhn(digits);
}

/**
 * Masks the card in a run of digit groups. The run may hold more than the
 * card: a number next to it (a CVV, an expiry, an amount) joins the match
 * and the whole is no card number, so runs of whole groups inside it are
 * tried too.
 */
function maskCard(match: string): string {
  if (isCardNumber(match)) return CARD_MASK;
  // Digit groups at even indices, separators at odd ones.
  const parts = match.split(/([ -])/);
  for (let first = 0; first < parts.length; first += 2) {
    for (let last = parts.length - 1; last >= first; last -= 2) {
      if (isCardNumber(parts.slice(first, last + 1).join(''))) {
        const before = parts.slice(0, first).join('');
        return `${before}${CARD_MASK}${parts.slice(last + 1).join('')}`;
      }
    }
  }
  return match;
}

/**
 * Makes a {@link Redactor} from named patterns and user regular expressions
 * (used without their `g`/`y` state: each gets its own global copy). Named
 * matches become `[REDACTED:<name>]`, user matches `[REDACTED]`. Throws a
 * ConfigError naming `LOGDRAIN_REDACT` for an unknown name.
 *
 * @example
 * const redact = createRedactor({ names: ['credit-card'], patterns: [/order-\d+/] });
 * redact('card 4111 1111 1111 1111 for order-77');
 * // 'card [REDACTED:credit-card] for [REDACTED]'
 */
export function createRedactor(opts: RedactorOptions): Redactor {
  const rules: Rule[] = [];
  for (const name of opts.names) {
    if (!isRedactionName(name)) {
      throw new ConfigError([
        {
          variable: 'LOGDRAIN_REDACT',
          value: name,
          allowed: `one of ${REDACTION_NAMES.join(', ')} or a /regex/flags`,
        },
      ]);
    }
    rules.push(...NAMED_RULES[name]);
  }
  for (const pattern of opts.patterns) {
    const flags = pattern.flags.replace(/[gy]/g, '');
    rules.push({
      pattern: new RegExp(pattern.source, `${flags}g`),
      replacement: '[REDACTED]',
    });
  }
  return (text) => {
    let result = text;
    for (const rule of rules) {
      if (rule.mayMatch !== undefined && !rule.mayMatch(result)) continue;
      const { pattern, replacement } = rule;
      // Most texts match nothing: test() finds that out in half the time
      // replace() takes to. Both leave a global pattern's lastIndex at 0
      // (a failed test resets it, replace starts and ends there).
      if (!pattern.test(result)) continue;
      result =
        typeof replacement === 'string'
          ? result.replace(pattern, replacement)
          : result.replace(pattern, replacement);
    }
    return result;
  };
}

function isRedactionName(name: string): name is RedactionName {
  return (REDACTION_NAMES as readonly string[]).includes(name);
}

/**
 * The Luhn checksum of the digits in `text` (other characters ignored);
 * false when there are fewer than 13 or more than 19 digits.
 *
 * @example
 * passesLuhn('4111-1111-1111-1111'); // true
 */
export function passesLuhn(text: string): boolean {
  let sum = 0;
  let digits = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) continue;
    let digit = code - 48;
    if (digits % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    digits += 1;
  }
  return digits >= 13 && digits <= 19 && sum % 10 === 0;
}
