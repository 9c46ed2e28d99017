// madge ships no types; this covers the part of its API the import-cycle test uses.
declare module 'madge' {
  interface MadgeResult {
    /** Each file (relative to baseDir) with the files it imports. */
    obj(): Record<string, string[]>;
    /** File-level import cycles. */
    circular(): string[][];
  }
  export default function madge(paths: string[], config?: { baseDir?: string; fileExtensions?: string[] }): Promise<MadgeResult>;
}
