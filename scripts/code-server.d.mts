// Types for scripts/code-server.mjs (used by the TypeScript e2e tests).
export const repoRoot: string;
export const cacheDir: string;
export const codeServerEntry: string;
export const quietSettings: Record<string, unknown>;
export interface CodeServerDirs {
  userData: string;
  extensions: string;
  xdgData: string;
  xdgConfig: string;
  xdgCache: string;
  tmp: string;
}
export interface StartOptions {
  runDir?: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  vsix?: string[];
  port?: number;
  timeoutMs?: number;
}
export interface CodeServer {
  pid: number;
  port: number;
  baseUrl: string;
  runDir: string;
  dirs: CodeServerDirs;
  logFile: string;
  workbenchUrl(opts?: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  stop(): Promise<void>;
  exited: Promise<{ code: number | null; signal: string | null }>;
}
export function startCodeServer(opts?: StartOptions): Promise<CodeServer>;
export function installExtensions(runDir: string, vsixFiles: string[], env?: Record<string, string>): string;
export function newRunDir(label?: string): string;
export function freePort(): Promise<number>;
export function tail(file: string, lines?: number): string;
export function pruneRuns(keep?: number): void;
