// Proof that the server speaks plain LSP to another editor: Neovim (0.7 has push diagnostics only)
// runs `node dist/server.js --stdio` on a broken log4j.properties and reports what it received.
// Skipped, with a message, when nvim is not installed.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, serverJs } from './harness';
import { brokenConfig } from './fixtures';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const nvimVersion = nvim.status === 0 ? nvim.stdout.split('\n')[0] : undefined;
const skip = nvimVersion ? false : 'nvim is not installed (apt-get install neovim): Neovim interoperability not checked';

let dir: string;
before(async () => {
  if (skip) return;
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'authlog-nvim-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Lua run by nvim: start the server, attach it to the buffer, wait for diagnostics and a completion, write them as JSON, quit. */
function script(server: string, out: string): string {
  const lua = (s: string) => JSON.stringify(s); // JSON strings are valid Lua strings for these paths
  return `
local out = ${lua(out)}
local function finish(result)
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'authlog',
    cmd = { ${lua(process.execPath)}, ${lua(server)}, '--stdio' },
    root_dir = vim.fn.getcwd(),
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local got = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(diags, { lnum = d.lnum, col = d.col, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '', severity = d.severity, message = d.message })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  local completion = client.request_sync('textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 7, character = 20 },
  }, 10000, bufnr)
  local labels = {}
  if completion and completion.result then
    for _, item in ipairs(completion.result.items or completion.result) do table.insert(labels, item.label) end
  end
  finish({ waited = got, diagnostics = diags, labels = labels })
end)
if not ok then finish({ error = tostring(err) }) end
`;
}

test('Neovim 0.7 receives pushed diagnostics and completions from dist/server.js', { skip, timeout: 60_000 }, async () => {
  const file = join(dir, 'log4j.properties');
  const out = join(dir, 'result.json');
  const init = join(dir, 'init.lua');
  writeFileSync(file, brokenConfig);
  writeFileSync(init, script(serverJs, out));
  const child = spawn('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${init}`, file], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const guard = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }, 50_000);
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  clearTimeout(guard);
  assert.ok(existsSync(out), `nvim wrote no result (${nvimVersion}); stderr: ${stderr}`);
  const result = JSON.parse(readFileSync(out, 'utf8')) as {
    error?: string;
    waited?: boolean;
    diagnostics?: { lnum: number; code: string; severity: number; message: string }[];
    labels?: string[];
  };
  assert.equal(result.error, undefined);
  const codes = (result.diagnostics ?? []).map((d) => `${d.lnum}:${d.code}`);
  assert.ok(codes.includes('10:undefined-appender'), `diagnostics in Neovim: ${codes.join(', ')}`);
  assert.ok((result.labels ?? []).length > 0, 'completion items in Neovim');
});
