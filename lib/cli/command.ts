/** What a command gets: its own arguments and the database chosen by --db / DATABASE_URL. */
export interface CommandContext {
  args: string[];
  dbUrl: string;
  out: (line: string) => void;
}
