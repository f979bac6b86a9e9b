// A tolerant XML scanner with exact offsets, for log4j.xml and log4j2.xml. It never throws and
// builds a usable tree from half-typed documents (unclosed tags, `<Logger name="` at end of file,
// a missing `>`), so completion and hover work while the user types. Comments are kept; CDATA,
// processing instructions and DOCTYPE are skipped; entities are decoded in attribute values.
//
// Well-formedness: the scanner records the problems it meets (one per problem, at the place the
// user must fix); when it finds none, fast-xml-parser's XMLValidator gets a second look (it knows
// a few rules the scanner does not check, such as duplicate attributes or a second root element).
import { XMLValidator } from 'fast-xml-parser';
import type { Comment, ParseError, Span, XmlAttribute, XmlDocument, XmlElement } from './model';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c > 0x7f
  );
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) return m;
      try {
        return String.fromCodePoint(code);
      } catch {
        return m;
      }
    }
    return namedEntities[body] ?? m;
  });
}

/** 1-based line/column (as fast-xml-parser counts: lines split on \r?\n) to an offset. */
function lineColToOffset(text: string, line: number, col: number): number {
  let off = 0;
  let l = 1;
  // fast-xml-parser strips a BOM before counting.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  off = bom;
  while (l < line) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
    l++;
  }
  return Math.min(text.length, off + Math.max(0, col - 1));
}

/** A span that covers something visible: at least one character when the text allows. */
function visible(text: string, start: number, end: number): Span {
  if (end > start) return { start, end };
  if (start < text.length) return { start, end: start + 1 };
  return { start: Math.max(0, text.length - 1), end: text.length };
}

/**
 * An attribute whose spans are made from its offsets only when asked for (a big file has tens of
 * thousands of attributes and most spans are never read: no objects to allocate and collect).
 */
class Attribute implements XmlAttribute {
  value: string | undefined = undefined;
  /** End of the whole attribute (the closing quote included); set by the scanner before any read. */
  end: number;
  private vs = -1;
  private ve = -1;
  private ns: Span | undefined = undefined;
  private sp: Span | undefined = undefined;
  private vsp: Span | undefined = undefined;
  constructor(
    public name: string,
    private readonly start: number,
    private readonly nameEnd: number,
  ) {
    this.end = nameEnd;
  }
  setValueSpan(start: number, end: number): void {
    this.vs = start;
    this.ve = end;
    this.vsp = undefined;
  }
  get nameSpan(): Span {
    return (this.ns ??= { start: this.start, end: this.nameEnd });
  }
  set nameSpan(v: Span) {
    this.ns = v;
  }
  get span(): Span {
    return (this.sp ??= { start: this.start, end: this.end });
  }
  set span(v: Span) {
    this.sp = v;
  }
  get valueSpan(): Span | undefined {
    if (this.vsp) return this.vsp;
    return this.vs < 0 ? undefined : (this.vsp = { start: this.vs, end: this.ve });
  }
  set valueSpan(v: Span | undefined) {
    this.vsp = v;
    if (!v) this.vs = -1;
  }
  /** valueSpan's start (-1 when there is no value) and end, without making the span. */
  get valueStart(): number {
    return this.vsp ? this.vsp.start : this.vs;
  }
  get valueEnd(): number {
    return this.vsp ? this.vsp.end : this.ve;
  }
  /** The plain XmlAttribute (for JSON and structural comparison: the spans are accessors here). */
  toJSON(): XmlAttribute {
    const o: XmlAttribute = { name: this.name, nameSpan: this.nameSpan, span: this.span };
    if (this.valueSpan) o.valueSpan = this.valueSpan;
    if (this.value !== undefined) o.value = this.value;
    return o;
  }
}

/** The one (frozen) list of an element without children / attributes: most elements of a big file are leaves. */
const NO_CHILDREN: XmlElement[] = Object.freeze([] as XmlElement[]) as XmlElement[];
const NO_ATTRIBUTES: XmlAttribute[] = Object.freeze([] as XmlAttribute[]) as XmlAttribute[];

/**
 * An element whose spans are made from its offsets only when asked for (most elements of a big
 * file never are). The scanner moves its ends with the methods below, before anyone reads them.
 */
class Element implements XmlElement {
  attributes: XmlAttribute[] = NO_ATTRIBUTES;
  children: XmlElement[] = NO_CHILDREN;
  parent: XmlElement | undefined = undefined;
  selfClosing = false;
  startTagClosed = false;
  closed = false;
  /** End of the start tag; content start (-1: none). */
  startTagEnd: number;
  contentStart = -1;
  private end: number;
  private contentEnd = -1;
  private nsp: Span | undefined = undefined;
  private sp: Span | undefined = undefined;
  private stsp: Span | undefined = undefined;
  private csp: Span | undefined = undefined;
  constructor(
    public name: string,
    private readonly start: number,
    private readonly nameEnd: number,
  ) {
    this.startTagEnd = nameEnd;
    this.end = nameEnd;
  }
  endStartTag(at: number): void {
    this.startTagEnd = at;
    if (this.stsp) this.stsp.end = at;
    this.setEnd(at);
  }
  setEnd(at: number): void {
    this.end = at;
    if (this.sp) this.sp.end = at;
  }
  openContent(at: number): void {
    this.contentStart = at;
    this.contentEnd = at;
    this.csp = undefined;
  }
  setContentEnd(at: number): void {
    this.contentEnd = at;
    if (this.csp) this.csp.end = at;
  }
  get nameSpan(): Span {
    return (this.nsp ??= { start: this.start + 1, end: this.nameEnd });
  }
  set nameSpan(v: Span) {
    this.nsp = v;
  }
  get span(): Span {
    return (this.sp ??= { start: this.start, end: this.end });
  }
  set span(v: Span) {
    this.sp = v;
  }
  get startTagSpan(): Span {
    return (this.stsp ??= { start: this.start, end: this.startTagEnd });
  }
  set startTagSpan(v: Span) {
    this.stsp = v;
  }
  get contentSpan(): Span | undefined {
    if (this.csp) return this.csp;
    return this.contentStart < 0 ? undefined : (this.csp = { start: this.contentStart, end: this.contentEnd });
  }
  set contentSpan(v: Span | undefined) {
    this.csp = v;
    if (!v) this.contentStart = -1;
  }
  /** The plain XmlElement (for JSON and structural comparison: the spans are accessors here). */
  toJSON(): XmlElement {
    const o: XmlElement = {
      name: this.name,
      nameSpan: this.nameSpan,
      attributes: this.attributes,
      children: this.children,
      span: this.span,
      startTagSpan: this.startTagSpan,
      selfClosing: this.selfClosing,
      startTagClosed: this.startTagClosed,
      closed: this.closed,
    };
    if (this.parent) o.parent = this.parent;
    if (this.contentSpan) o.contentSpan = this.contentSpan;
    return o;
  }
}

/** fast-xml-parser re-reads the whole text: keep that to files of a normal size (Jira's is ~10 KB). */
const SECOND_OPINION_MAX = 256 * 1024;

export function parseXml(text: string): XmlDocument {
  const roots: XmlElement[] = [];
  const comments: Comment[] = [];
  const errors: ParseError[] = [];
  const stack: Element[] = [];
  /** Elements whose start tag was left unfinished: reported once, not again as "never closed". */
  const reported = new Set<Element>();
  const len = text.length;
  let pos = 0;
  let nextAmp = -1;
  // text.slice(start, end), one string per distinct short name/value: a big file repeats `Logger`,
  // `level`, `INFO`... thousands of times. A small table by length and end characters; a hit is
  // confirmed in place (no copy made to look it up).
  const recent: (string | undefined)[] = new Array<string | undefined>(512).fill(undefined);
  const textAt = (start: number, end: number): string => {
    const n = end - start;
    if (n > 16 || n <= 0) return text.slice(start, end);
    const h = (n * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) & 511;
    const known = recent[h];
    if (known !== undefined && known.length === n && text.startsWith(known, start)) return known;
    const s = text.slice(start, end);
    recent[h] = s;
    return s;
  };
  // Attributes of the start tag being read; each element gets an array of its exact size.
  const attrs: XmlAttribute[] = [];
  /** The children array at its final size (push leaves spare room in it). */
  const settle = (el: Element) => {
    if (el.children.length) el.children = el.children.slice();
  };

  const addChild = (el: Element) => {
    const parent = stack[stack.length - 1];
    if (parent) {
      el.parent = parent;
      if (parent.children === NO_CHILDREN) parent.children = [el];
      else parent.children.push(el);
    } else roots.push(el);
  };

  const closeUnclosed = (el: Element, at: number) => {
    // An element left open where its parent ends (or at end of file): its span runs to there.
    settle(el);
    // Spans are the element's own objects (never shared): updated in place.
    el.setEnd(Math.max(el.startTagEnd, at));
    if (el.contentStart >= 0) el.setContentEnd(Math.max(el.contentStart, at));
  };

  while (pos < len) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    pos = lt;
    const bang = text.charCodeAt(pos + 1);
    if (bang === 0x21 && text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) {
        errors.push({ message: 'Comment not closed: add `-->`. log4j cannot read the file.', span: visible(text, pos, pos + 4) });
        comments.push({ text: text.slice(pos), span: { start: pos, end: len } });
        pos = len;
        break;
      }
      comments.push({ text: text.slice(pos, end + 3), span: { start: pos, end: end + 3 } });
      pos = end + 3;
      continue;
    }
    if (bang === 0x21 && text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      if (end < 0) {
        errors.push({ message: 'CDATA section not closed: add `]]>`.', span: visible(text, pos, pos + 9) });
        pos = len;
        break;
      }
      pos = end + 3;
      continue;
    }
    if (bang === 0x21) {
      // DOCTYPE (with an optional internal subset in brackets) or another declaration.
      let i = pos + 2;
      let depth = 0;
      let quote = 0;
      while (i < len) {
        const c = text.charCodeAt(i);
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === DQ || c === SQ) quote = c;
        else if (c === 0x5b) depth++;
        else if (c === 0x5d) depth--;
        else if (c === GT && depth <= 0) break;
        i++;
      }
      if (i >= len) {
        errors.push({ message: 'Declaration not closed: add `>`.', span: visible(text, pos, pos + 2) });
        pos = len;
        break;
      }
      pos = i + 1;
      continue;
    }
    if (bang === 0x3f) {
      const end = text.indexOf('?>', pos + 2);
      if (end < 0) {
        errors.push({ message: 'Processing instruction not closed: add `?>`.', span: visible(text, pos, pos + 2) });
        pos = len;
        break;
      }
      pos = end + 2;
      continue;
    }
    if (bang === SLASH) {
      // End tag.
      let i = pos + 2;
      const nameStart = i;
      while (i < len && isNameChar(text.charCodeAt(i))) i++;
      const name = text.slice(nameStart, i);
      while (i < len && isWs(text.charCodeAt(i))) i++;
      let tagEnd: number;
      if (i < len && text.charCodeAt(i) === GT) tagEnd = i + 1;
      else {
        tagEnd = i;
        errors.push({
          message: name ? `End tag </${name}> is missing its \`>\`.` : 'An end tag needs a name: `</name>`.',
          span: visible(text, pos, i),
        });
      }
      // Find the open element it closes (XML names are case-sensitive).
      let k = stack.length - 1;
      while (k >= 0 && stack[k].name !== name) k--;
      if (k < 0) {
        if (name) {
          errors.push({
            message: stack.length
              ? `Unexpected </${name}>: the open element here is <${stack[stack.length - 1].name}>. log4j cannot read the file.`
              : `Unexpected </${name}>: no element <${name}> is open. log4j cannot read the file.`,
            span: visible(text, nameStart, nameStart + name.length),
          });
        }
        pos = tagEnd;
        continue;
      }
      // Elements opened inside and never closed.
      for (let j = stack.length - 1; j > k; j--) {
        const open = stack[j];
        if (!reported.has(open)) errors.push({
          message: `<${open.name}> is never closed: add </${open.name}> (or end the start tag with \`/>\`) before </${name}>.`,
          span: open.nameSpan,
        });
        closeUnclosed(open, pos);
      }
      const el = stack[k];
      stack.length = k;
      el.closed = true;
      settle(el);
      el.setEnd(tagEnd);
      if (el.contentStart >= 0) el.setContentEnd(pos);
      pos = tagEnd;
      continue;
    }
    const c1 = text.charCodeAt(pos + 1);
    if (!isNameStart(c1)) {
      errors.push({
        message: 'A `<` that does not start a tag: write `&lt;` for a literal `<`.',
        span: visible(text, pos, pos + 1),
      });
      pos += 1;
      continue;
    }
    // Start tag.
    const start = pos;
    let i = pos + 1;
    while (i < len && isNameChar(text.charCodeAt(i))) i++;
    const el = new Element(textAt(pos + 1, i), start, i);
    let broken = false; // the start tag was cut short by something that is not an attribute
    attrs.length = 0;
    for (;;) {
      while (i < len && isWs(text.charCodeAt(i))) i++;
      if (i >= len) break;
      const c = text.charCodeAt(i);
      if (c === GT) {
        el.startTagClosed = true;
        i++;
        break;
      }
      if (c === SLASH && text.charCodeAt(i + 1) === GT) {
        el.startTagClosed = true;
        el.selfClosing = true;
        i += 2;
        break;
      }
      if (c === LT) break;
      if (!isNameStart(c)) {
        errors.push({
          message: `Unexpected \`${text[i]}\` in the start tag of <${el.name}>: expected an attribute, \`>\` or \`/>\`.`,
          span: { start: i, end: i + 1 },
        });
        broken = true;
        i++;
        continue;
      }
      const an = i;
      while (i < len && isNameChar(text.charCodeAt(i))) i++;
      const attr = new Attribute(textAt(an, i), an, i);
      for (const other of attrs) {
        if (other.name === attr.name) {
          errors.push({ message: `Attribute ${attr.name} is repeated on <${el.name}>: log4j cannot read the file. Keep one.`, span: attr.nameSpan });
          break;
        }
      }
      attrs.push(attr);
      let j = i;
      while (j < len && isWs(text.charCodeAt(j))) j++;
      if (j >= len || text.charCodeAt(j) !== EQ) {
        errors.push({
          message: `Attribute ${attr.name} of <${el.name}> has no value: write ${attr.name}="...".`,
          span: attr.nameSpan,
        });
        continue;
      }
      j++;
      while (j < len && isWs(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if (q !== DQ && q !== SQ) {
        errors.push({
          message: `The value of ${attr.name} must be in quotes: ${attr.name}="...".`,
          span: visible(text, an, j),
        });
        attr.end = j;
        i = j;
        // Skip an unquoted word so it is not read as another attribute.
        while (i < len && !isWs(text.charCodeAt(i)) && text.charCodeAt(i) !== GT && text.charCodeAt(i) !== LT && !(text.charCodeAt(i) === SLASH && text.charCodeAt(i + 1) === GT)) i++;
        continue;
      }
      const vs = j + 1;
      let k = vs;
      while (k < len) {
        const d = text.charCodeAt(k);
        if (d === q) break;
        if (d === LT) {
          // A literal `<` in a value (`pattern="a<b"`) when the closing quote follows on the same
          // line; otherwise the value was never closed and the `<` starts the next tag.
          let m = k + 1;
          while (m < len && text.charCodeAt(m) !== q && text.charCodeAt(m) !== 0x0a && text.charCodeAt(m) !== LT) m++;
          if (m < len && text.charCodeAt(m) === q) {
            errors.push({ message: 'A `<` inside an attribute value: write `&lt;`. log4j cannot read the file.', span: { start: k, end: k + 1 } });
            k = m;
          }
          break;
        }
        k++;
      }
      attr.setValueSpan(vs, k);
      // The value as written holds an `&` (the next one in the text, found once and reused).
      if (nextAmp < vs) nextAmp = text.indexOf('&', vs) >>> 0; // none: 2^32 - 1, beyond any offset
      attr.value = nextAmp < k ? decodeEntities(text.slice(vs, k)) : textAt(vs, k);
      if (k < len && text.charCodeAt(k) === q) {
        attr.end = k + 1;
        i = k + 1;
      } else {
        attr.end = k;
        errors.push({
          message: `The value of ${attr.name} is not closed: add the closing ${String.fromCharCode(q)}.`,
          span: visible(text, j, k),
        });
        i = k;
        broken = true;
        break;
      }
      if (nextAmp < k) {
        const raw = text.slice(vs, k);
        const bad = /&(?!(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);)/.exec(raw);
        if (bad) {
          errors.push({
            message: 'A bare `&` in an attribute value: write `&amp;`.',
            span: { start: vs + bad.index, end: vs + bad.index + 1 },
          });
        }
      }
    }
    el.attributes = attrs.length ? attrs.slice() : NO_ATTRIBUTES;
    el.endStartTag(i);
    if (!el.startTagClosed && !broken) {
      errors.push({
        message: `The start tag <${el.name}> is not closed: add \`>\` (or \`/>\`).`,
        span: el.nameSpan,
      });
    }
    addChild(el);
    if (el.startTagClosed && !el.selfClosing) {
      el.openContent(i);
      stack.push(el);
    } else if (!el.startTagClosed) {
      // An unfinished start tag: its content (if any follows) is treated as children, so the
      // element is pushed as open; it is reported once (above), not again as "never closed".
      el.openContent(i);
      stack.push(el);
      reported.add(el);
    }
    pos = i;
  }

  // Elements still open at end of file.
  for (let j = stack.length - 1; j >= 0; j--) {
    const open = stack[j];
    if (!reported.has(open)) {
      errors.push({
        message: `<${open.name}> is never closed: add </${open.name}> at the end.`,
        span: open.nameSpan,
      });
    }
    closeUnclosed(open, len);
  }
  stack.length = 0;

  if (roots.length === 0 && text.trim().length > 0 && errors.length === 0) {
    errors.push({ message: 'No XML element found: log4j needs a root element.', span: visible(text, 0, 0) });
  }

  if (errors.length === 0 && roots.length > 1) {
    errors.push({
      message: `A second root element <${roots[1].name}>: an XML file has exactly one root. log4j cannot read the file.`,
      span: roots[1].nameSpan,
    });
  }
  if (errors.length === 0 && len <= SECOND_OPINION_MAX) {
    // A second opinion on what the scanner does not check (text outside the root, odd names).
    let res: ReturnType<typeof XMLValidator.validate>;
    try {
      res = XMLValidator.validate(text, { allowBooleanAttributes: false });
    } catch {
      res = true;
    }
    if (res !== true) {
      const off = lineColToOffset(text, res.err.line, res.err.col);
      errors.push({ message: `${res.err.msg} log4j cannot read the file.`, span: visible(text, off, off + 1) });
    }
  }
  return { roots, comments, errors };
}

/** Where an attribute's value starts (-1 when it has none), without making its span object. */
export function valueStartOf(a: XmlAttribute): number {
  return a instanceof Attribute ? a.valueStart : a.valueSpan ? a.valueSpan.start : -1;
}

/** Where an attribute's value ends (only meaningful when valueStartOf(a) >= 0). */
export function valueEndOf(a: XmlAttribute): number {
  return a instanceof Attribute ? a.valueEnd : a.valueSpan ? a.valueSpan.end : -1;
}

const localNames = new Map<string, string>();

/** Case-insensitive element name without prefix (`log4j:configuration` -> `configuration`). */
export function localName(el: XmlElement): string {
  let n = localNames.get(el.name);
  if (n === undefined) {
    const i = el.name.indexOf(':');
    n = (i >= 0 ? el.name.slice(i + 1) : el.name).toLowerCase();
    if (localNames.size < 10_000) localNames.set(el.name, n);
  }
  return n;
}

/** Attribute by case-insensitive name (pass the name in lower case). */
export function attr(el: XmlElement, name: string): XmlAttribute | undefined {
  const attrs = el.attributes;
  for (let i = 0; i < attrs.length; i++) if (attrs[i].name === name) return attrs[i];
  const n = name.toLowerCase();
  for (let i = 0; i < attrs.length; i++) if (attrs[i].name.length === n.length && lowerEquals(attrs[i].name, n)) return attrs[i];
  return undefined;
}

/** s.toLowerCase() === lower for s of lower's length, without a copy while s is ASCII. */
function lowerEquals(s: string, lower: string): boolean {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x80) return s.toLowerCase() === lower;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

const walkCache = new WeakMap<readonly XmlElement[], XmlElement[]>();

/** Every element under `els`, depth first, in document order (an array, cached per tree). */
export function walk(els: readonly XmlElement[]): XmlElement[] {
  const cached = walkCache.get(els);
  if (cached) return cached;
  const out: XmlElement[] = [];
  const stack: XmlElement[] = [];
  for (let i = els.length - 1; i >= 0; i--) stack.push(els[i]);
  while (stack.length) {
    const e = stack.pop()!;
    out.push(e);
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]);
  }
  walkCache.set(els, out);
  return out;
}

/** The innermost element whose span contains the offset (start tag or content). */
export function elementAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  let list: readonly XmlElement[] = doc.roots;
  for (;;) {
    let next: XmlElement | undefined;
    for (const e of list) {
      if (offset > e.span.start && offset <= e.span.end) {
        next = e;
        break;
      }
    }
    if (!next) return found;
    found = next;
    list = next.children;
  }
}
