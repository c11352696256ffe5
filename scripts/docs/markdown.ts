/**
 * Fenced code blocks of a Markdown file, with where they are: the file, the line of the
 * block's first code line (1-based), the language and the flags of the info string
 * (```` ```ts no-run ````). Fences may be indented (inside a list item); the code is
 * dedented by the fence's indentation.
 */

/** One fenced code block. */
export interface CodeBlock {
  /** The Markdown file, as given (relative to the repository, e.g. `docs/service.md`). */
  readonly file: string;
  /** Line of the opening fence (1-based). */
  readonly fenceLine: number;
  /** Line of the first code line (1-based): `fenceLine + 1`. */
  readonly line: number;
  /** The first word of the info string, lower-cased (`ts`, `sh`, …); empty when none. */
  readonly lang: string;
  /** The other words of the info string (`no-run`, `fragment`, `output`, …). */
  readonly flags: readonly string[];
  /** The code, without the fences, dedented. */
  readonly code: string;
}

const FENCE = /^( {0,12})(`{3,}|~{3,})(.*)$/;

/** Every fenced code block of `text`, in order. An unclosed block runs to the end of the file. */
export const codeBlocks = (file: string, text: string): CodeBlock[] => {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (open === null) continue;
    const indent = open[1]?.length ?? 0;
    const fence = open[2] ?? '```';
    const info = (open[3] ?? '').trim();
    // A backtick fence's info string may not contain a backtick (CommonMark): that is inline code.
    if (fence.startsWith('`') && info.includes('`')) continue;
    const closing = new RegExp(`^ {0,${indent + 3}}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const code: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !closing.test(lines[j] ?? ''); j++) {
      const line = lines[j] ?? '';
      const strip = Math.min(indent, line.length - line.trimStart().length);
      code.push(line.slice(strip));
    }
    const [lang = '', ...flags] = info.split(/\s+/).filter((w) => w !== '');
    blocks.push({ file, fenceLine: i + 1, line: i + 2, lang: lang.toLowerCase(), flags, code: code.join('\n') });
    i = j;
  }
  return blocks;
};

/** Relative link targets of `text` (`[label](target)`), with their lines; external links, anchors and mail are left out. */
export const relativeLinks = (text: string): { readonly target: string; readonly line: number }[] => {
  const out: { target: string; line: number }[] = [];
  let inFence = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      out.push({ target, line: i + 1 });
    }
  });
  return out;
};
