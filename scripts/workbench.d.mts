// Types for scripts/workbench.mjs (used by the TypeScript e2e tests).
import type { Browser, BrowserContext, Page } from 'playwright-core';
export const chromiumPath: string;
export function launchBrowser(): Promise<Browser>;
export function stripAnsi(s: string): string;
export function isNoise(line: string): boolean;
export interface Workbench {
  page: Page;
  context: BrowserContext;
  logs: string[];
  exitCode: Promise<number>;
}
export function openWorkbench(
  browser: Browser,
  url: string,
  opts?: { onLog?: (line: string, type: string) => void; viewport?: { width: number; height: number } },
): Promise<Workbench>;
export function runExtensionTests(opts: {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  folder?: string;
  runDir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  echo?: boolean;
}): Promise<{ code: number; output: string; ms: number; logFile: string }>;
