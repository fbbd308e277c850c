/** Each tier's backup rules as AWS Organizations backup policies (`dr org-policy`); the stack is constructs/organization-stack.ts. */
export * from './backup-policy';
