/**
 * What `hocba` knows of a subcommand. Its own file so the commands and main import it
 * without importing each other.
 */

/** One subcommand of `hocba`: its own module, its own help line. */
export interface Command {
  name: string;
  summary: { vi: string; en: string };
  run(args: string[]): Promise<number>;
}

/**
 * A line of main's table: enough to list the command in the help without loading it, and
 * how to load it when it is the one chosen (its module and everything it imports).
 */
export interface CommandEntry {
  name: Command['name'];
  summary: Command['summary'];
  load(): Promise<Command>;
}
