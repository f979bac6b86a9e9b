// Splits pretty-printed JSON into classed tokens for colouring. Pure (no DOM): the detail pane
// turns each token into a <span class=...> with textContent.

export type JsonTokenClass = 'json-key' | 'json-string' | 'json-number' | 'json-boolean' | 'json-null' | 'json-punct' | 'json-ws' | 'json-other';
export interface JsonToken {
  text: string;
  cls: JsonTokenClass;
}

const TOKEN = /"(?:[^"\\\n]|\\.)*"?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\],:]|\s+|[^\s"{}[\],:]+/gy;

export function tokenizeJson(text: string): JsonToken[] {
  const out: JsonToken[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
    const t = m[0];
    let cls: JsonTokenClass;
    if (t.startsWith('"')) cls = 'json-string';
    else if (/^\s+$/.test(t)) cls = 'json-ws';
    else if (/^[{}[\],:]$/.test(t)) cls = 'json-punct';
    else if (t === 'true' || t === 'false') cls = 'json-boolean';
    else if (t === 'null') cls = 'json-null';
    else if (/^-?\d/.test(t)) cls = 'json-number';
    else cls = 'json-other';
    out.push({ text: t, cls });
  }
  // A string followed (after whitespace) by ':' is an object key.
  for (let i = 0; i < out.length; i++) {
    if (out[i]!.cls !== 'json-string') continue;
    let j = i + 1;
    while (j < out.length && out[j]!.cls === 'json-ws') j++;
    if (out[j]?.text === ':') out[i]!.cls = 'json-key';
  }
  return out;
}
