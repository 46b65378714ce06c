// Type declaration of the dynalite package (a DynamoDB-compatible local server, untyped upstream).
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
    readonly maxItemSizeKb?: number;
    /** LevelDB directory; in memory when omitted. */
    readonly path?: string;
  }

  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
