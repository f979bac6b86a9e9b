// Types for scripts/package.mjs (used by the TypeScript e2e tests).
export function packageVsix(out?: string, opts?: { quiet?: boolean }): { file: string; bytes: number; files: string[]; log: string };
export function listZip(file: string): string[];
export function readmeImages(markdown: string): string[];
