// The CLI's two kinds of failure besides SaddleError, and their exit codes (main.ts):
// UsageError (2) for a command line or config file that asks for something saddle will not
// do, InputError (1) for a file or folder that cannot be read or written.

/** Bad usage: an unknown option, a bad value, a config that fails its schema (exit code 2). */
export class UsageError extends Error {}

/** A file or folder that is missing, unreadable or unwritable (exit code 1); the message names it. */
export class InputError extends Error {}
