/**
 * The failures the CLI reports, each with its exit code: a usage mistake (2), or a request the server
 * refused or could not be sent (1). Anything else thrown is a bug and surfaces with its stack.
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The command line is wrong: unknown command or option, missing argument, bad option value. */
export class UsageError extends Error {
  name = 'UsageError';
  exitCode = EXIT_USAGE;
}

/** A failure to report as one message (unreachable server, unreadable file, wait timed out). */
export class CliError extends Error {
  name = 'CliError';
  exitCode = EXIT_FAILURE;
}

/** The server answered with an error; `problems` holds every `{ path, message }` it reported. */
export class ApiError extends CliError {
  name = 'ApiError';

  /**
   * @param {string} message
   * @param {{ status: number, problems?: ReadonlyArray<{ path?: string, message: string }> }} details
   */
  constructor(message, { status, problems = [] }) {
    super(message);
    this.status = status;
    this.problems = problems;
  }
}
