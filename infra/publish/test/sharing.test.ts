import { describe, expect, it } from 'vitest';
import { shareStatements } from '../src/sharing.js';

describe('shareStatements', () => {
  it('makes versions public by default', () => {
    expect(shareStatements({})).toEqual([
      { statementId: 'logdrain-public', principal: '*' },
    ]);
  });

  it('shares with an organisation and accounts when told', () => {
    expect(
      shareStatements({
        organizationId: 'o-abcdefghij',
        principals: ['111122223333'],
      })
    ).toEqual([
      {
        statementId: 'logdrain-org-o-abcdefghij',
        principal: '*',
        organizationId: 'o-abcdefghij',
      },
      {
        statementId: 'logdrain-account-111122223333',
        principal: '111122223333',
      },
    ]);
  });

  it('shares nothing when private', () => {
    expect(shareStatements({ private: true })).toEqual([]);
  });

  it('names a malformed account or organisation', () => {
    expect(() => shareStatements({ principals: ['12345'] })).toThrow(
      '--principal 12345: expected a 12-digit account id or *'
    );
    expect(() => shareStatements({ organizationId: 'org-1' })).toThrow(
      '--organization org-1'
    );
  });
});
