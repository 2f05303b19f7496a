/** One AddLayerVersionPermission statement every published version gets. */
export interface ShareStatement {
  readonly statementId: string;
  /** An account id or `*`. */
  readonly principal: string;
  readonly organizationId?: string;
}

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;

/**
 * The statements for a sharing choice: public (`*`, the default), an
 * organisation, and/or accounts; `private` shares nothing.
 * Throws a message naming the bad value.
 */
export function shareStatements(opts: {
  principals?: readonly string[];
  organizationId?: string;
  private?: boolean;
}): ShareStatement[] {
  const principals = opts.principals ?? [];
  if (opts.private) {
    if (principals.length > 0 || opts.organizationId) {
      throw new Error(
        '--private cannot be combined with --principal or --organization'
      );
    }
    return [];
  }
  const statements: ShareStatement[] = [];
  if (opts.organizationId !== undefined) {
    if (!ORGANIZATION.test(opts.organizationId)) {
      throw new Error(
        `--organization ${opts.organizationId}: expected o- followed by 10 to 32 lowercase letters or digits`
      );
    }
    statements.push({
      statementId: `logdrain-org-${opts.organizationId}`,
      principal: '*',
      organizationId: opts.organizationId,
    });
  }
  for (const principal of principals) {
    if (principal === '*') {
      statements.push({ statementId: 'logdrain-public', principal: '*' });
    } else if (ACCOUNT.test(principal)) {
      statements.push({
        statementId: `logdrain-account-${principal}`,
        principal,
      });
    } else {
      throw new Error(
        `--principal ${principal}: expected a 12-digit account id or *`
      );
    }
  }
  if (statements.length === 0) {
    statements.push({ statementId: 'logdrain-public', principal: '*' });
  }
  return statements;
}
