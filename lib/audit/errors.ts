/** Input the user can fix (a flag, a file, an asset id): the command prints it and exits 2, no stack trace. */
export class AuditInputError extends Error {}
