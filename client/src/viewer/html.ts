// The log viewer's HTML shell. Pure string building (no `vscode` import) so the webview tests in a
// real Chromium serve exactly the same document and Content-Security-Policy as the real panel.
// Nothing from a log is ever put here: every row travels by postMessage after the ready -> init
// handshake.

export interface ViewerHtmlOptions {
  /** `webview.cspSource` (in tests: the test server's origin). */
  cspSource: string;
  /** Fresh per document, from a cryptographic source (`crypto.randomBytes(16).toString('base64')`). */
  nonce: string;
  /** URLs of the scripts, in order (the panel: dist/webview.js; tests put a host stub first). */
  scripts: string[];
  /** URL of dist/webview.css. */
  style: string;
  title?: string;
}

/** The policy of the viewer: nothing but our own script (by nonce), style, fonts and images. */
export function viewerCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** Escapes text for an HTML attribute or text node (used only for our own URLs and title). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function viewerHtml(o: ViewerHtmlOptions): string {
  const nonce = escapeHtml(o.nonce);
  const scripts = o.scripts.map((s) => `<script nonce="${nonce}" src="${escapeHtml(s)}"></script>`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(viewerCsp(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="stylesheet" href="${escapeHtml(o.style)}">
    <title>${escapeHtml(o.title ?? 'AuthLog Viewer')}</title>
  </head>
  <body>
    <div id="app" class="app" aria-busy="true"></div>
    ${scripts}
  </body>
</html>`;
}

/** A static page (no script at all) for when the viewer cannot run, e.g. in an untrusted workspace. */
export function disabledHtml(cspSource: string, style: string, title: string, text: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${escapeHtml(cspSource)}">
    <link rel="stylesheet" href="${escapeHtml(style)}">
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
    <div class="disabled" role="alert"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></div>
  </body>
</html>`;
}
