// Runs IN THE BROWSER before dist/webview.js, for the pipeline test: every webview message goes to
// the Node side (window.__toHost, a Playwright binding) where the real host relay and the real log
// handlers answer; their replies come back with window.postMessage.
import type { WebviewToHost } from '../../shared/protocol';
import { installPage } from './pageCommon';

declare const window: { __toHost(m: WebviewToHost): Promise<void> };

installPage((m) => {
  void window.__toHost(m);
});
