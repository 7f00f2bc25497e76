export declare const PROJECT_ROOT: string;
/** Builds TypeScript entry points into ES modules that `node` runs; returns each output path, in order. */
export declare function bundleForNode(entries: readonly string[], outDir: string): Promise<string[]>;
