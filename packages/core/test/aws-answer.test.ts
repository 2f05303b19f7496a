import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { awsErrorOf } from '../src/aws-answer.js';

describe('awsErrorOf', () => {
  const answer = (text: string, headers: IncomingHttpHeaders = {}) => ({
    status: 400,
    headers,
    text,
  });

  it('reads the JSON 1.1 error type without its namespace, the header first', () => {
    expect(
      awsErrorOf(
        answer(
          '{"__type":"com.amazonaws.logs#ResourceNotFoundException","message":"The specified log group does not exist."}'
        )
      )
    ).toEqual({
      code: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    expect(
      awsErrorOf(
        answer('{"Message":"Rate exceeded"}', {
          'x-amzn-errortype':
            'ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/',
        })
      )
    ).toEqual({ code: 'ThrottlingException', message: 'Rate exceeded' });
    expect(
      awsErrorOf(
        answer('{}', {
          'x-amzn-errortype':
            'com.amazonaws.logs#InvalidSequenceTokenException,InvalidSequenceTokenException:http://internal.amazon.com/',
        })
      ).code
    ).toBe('InvalidSequenceTokenException');
    expect(awsErrorOf(answer('Bad Gateway'))).toEqual({
      code: '',
      message: '',
    });
  });

  it('reads a Query protocol XML error, entities decoded', () => {
    const xml =
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User &quot;x&quot; may not &amp; cannot</Message></Error><RequestId>1</RequestId></ErrorResponse>';

    expect(awsErrorOf(answer(xml))).toEqual({
      code: 'AccessDenied',
      message: 'User "x" may not & cannot',
    });
  });
});
