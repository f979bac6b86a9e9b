// Runs IN THE BROWSER (bundled into the stub scripts): what every test page needs before
// dist/webview.js runs: a CSP violation recorder, VS Code's theme variables, and webview state kept
// across reloads as VS Code keeps it. DOM types are declared locally (the root tsconfig has none).
import type { WebviewToHost } from '../../shared/protocol';

export interface VsCodeApiLike {
  postMessage(m: WebviewToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
}
export interface PageWindow {
  __sent: WebviewToHost[];
  __violations: string[];
  __state: unknown;
  acquireVsCodeApi(): VsCodeApiLike;
  postMessage(m: unknown, target: string): void;
}
interface ViolationEvent {
  violatedDirective: string;
  blockedURI: string;
}
interface PageDocument {
  addEventListener(type: 'securitypolicyviolation', f: (e: ViolationEvent) => void): void;
  documentElement: { style: { setProperty(name: string, value: string): void } };
}
declare const window: PageWindow;
declare const sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
declare const document: PageDocument;

/** Installs `acquireVsCodeApi`; every message the webview sends is recorded in window.__sent, then handed to `send`. */
export function installPage(send: (m: WebviewToHost) => void): void {
  window.__sent = [];
  window.__violations = [];
  // VS Code keeps a webview's state across reloads (the panel is not retained while hidden).
  window.__state = JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined;
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
  window.acquireVsCodeApi = () => ({
    postMessage(m: WebviewToHost) {
      window.__sent.push(JSON.parse(JSON.stringify(m)) as WebviewToHost);
      send(m);
    },
    getState: () => window.__state,
    setState: (st: unknown) => {
      window.__state = st;
      sessionStorage.setItem('vscode-state', JSON.stringify(st));
    },
  });
}

// VS Code injects the theme as --vscode-* custom properties on <html> (through the CSSOM, which the
// CSP allows); a dark theme's values, so screenshots look like the real panel.
const THEME: Record<string, string> = {
  foreground: '#cccccc', 'editor-background': '#1e1e1e', 'font-family': 'system-ui, sans-serif', 'font-size': '13px',
  'editor-font-family': 'monospace', 'editor-font-size': '13px', errorForeground: '#f48771', 'testing-iconPassed': '#73c991',
  'editorWarning-foreground': '#cca700', 'editorInfo-foreground': '#3794ff', descriptionForeground: '#a0a0a0',
  'panel-border': '#80808059', 'button-background': '#0e639c', 'button-foreground': '#ffffff', 'button-secondaryBackground': '#3a3d41',
  'button-secondaryForeground': '#ffffff', 'button-secondaryHoverBackground': '#45494e', 'input-background': '#3c3c3c', 'input-foreground': '#cccccc',
  'input-placeholderForeground': '#a6a6a6', focusBorder: '#007fd4', 'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff',
  'list-inactiveSelectionBackground': '#37373d', 'list-hoverBackground': '#2a2d2e', 'textCodeBlock-background': '#0a0a0a66',
  'debugTokenExpression-name': '#c586c0', 'debugTokenExpression-string': '#ce9178', 'debugTokenExpression-number': '#b5cea8',
  'debugTokenExpression-boolean': '#4e94ce', 'debugTokenExpression-value': '#cccccc99', 'progressBar-background': '#0e70c0',
  'badge-background': '#4d4d4d', 'badge-foreground': '#ffffff', 'sideBar-background': '#252526', 'editorWidget-background': '#252526',
  'inputValidation-errorBorder': '#be1100', 'inputValidation-errorBackground': '#5a1d1d', 'icon-foreground': '#c5c5c5', 'panelTitle-activeBorder': '#e7e7e7',
  'editorGroupHeader-tabsBackground': '#252526', disabledForeground: '#cccccc80',
};
for (const [k, v] of Object.entries(THEME)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
