import type { AwsAnswer } from './aws-client.js';

/**
 * The error code and message of a failed AWS answer: from the
 * x-amzn-errortype header or the JSON body's `__type` (`code`), without a
 * namespace (`com.amazonaws.logs#`), a trailing `:http://…` or a second
 * value after a comma; from
 * `<Code>` and `<Message>` in an XML (Query protocol) body. Empty when the
 * answer names none.
 *
 * @example
 * awsErrorOf(answer); // → { code: 'ResourceNotFoundException', message: 'The specified log group does not exist.' }
 */
export function awsErrorOf(answer: AwsAnswer): {
  code: string;
  message: string;
} {
  if (answer.text.trimStart().startsWith('<')) {
    return {
      code: xmlText(answer.text, 'Code'),
      message: xmlText(answer.text, 'Message'),
    };
  }
  const body = parseJsonObject(answer.text);
  const header = answer.headers['x-amzn-errortype'];
  const raw = [header, body.__type, body.code].find(
    (value): value is string => typeof value === 'string' && value !== ''
  );
  // A header repeated on the way arrives joined by commas.
  const code = (raw ?? '').split(/[,:]/)[0] ?? '';
  const message = [body.message, body.Message].find(
    (value): value is string => typeof value === 'string'
  );
  return {
    code: code.slice(code.lastIndexOf('#') + 1),
    message: message ?? '',
  };
}

/**
 * The JSON object `text` holds; empty when it is not one.
 *
 * @example
 * parseJsonObject('{"a":1}'); // → { a: 1 }
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * The text of the first `<name>` element of an XML document, its five
 * predefined entities decoded; empty when there is none.
 *
 * @example
 * xmlText('<Error><Code>AccessDenied</Code></Error>', 'Code'); // → 'AccessDenied'
 */
export function xmlText(xml: string, name: string): string {
  const start = xml.indexOf(`<${name}>`);
  if (start < 0) return '';
  const from = start + name.length + 2;
  const end = xml.indexOf(`</${name}>`, from);
  if (end < 0) return '';
  return xml
    .slice(from, end)
    .replace(
      /&(amp|lt|gt|quot|apos);/g,
      (_, entity: string) => XML_ENTITIES[entity] ?? ''
    );
}
