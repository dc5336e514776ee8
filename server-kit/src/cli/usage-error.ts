/** A mistake in how the command was called: reported with the command help, exit code 2. */
export class UsageError extends Error {}
