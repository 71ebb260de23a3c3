/** A bundler plugin (rolldown, Vite) that compacts the JSON text of the generated opcode tables (see the .js). */
export declare function compactTables(): {
  name: string;
  transform(code: string, id: string): { code: string; map: null } | null;
};
