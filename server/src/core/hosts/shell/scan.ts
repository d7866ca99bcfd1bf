import type { Placeholder } from '../../policy/model';
import type { Span } from '../../text/span';
import type { TemplateText } from '../terraform/template';

/**
 * How a piece of a shell text is quoted, which decides how a fix must write into it: in single quotes nothing can be
 * escaped (a `'` cannot be written), in double quotes and an unquoted heredoc `"`, `$`, `` ` `` and `\` take a
 * backslash (`"` only in double quotes), in a quoted heredoc everything is as written.
 */
export type ShellQuoting = 'single' | 'double' | 'bare' | 'heredoc' | 'quoted-heredoc';

/** One word of a simple command (an argument, an assignment), with what it says once the shell has read it. */
export interface ShellWord {
  /** The word's text once quotes are removed and escapes resolved; each expansion a placeholder. */
  template: TemplateText;
  /** Each unit of the template's value and how it was quoted (one entry per unit). */
  quoting: ShellQuoting[];
  span: Span;
  /** The simple command the word belongs to, by number. */
  command: number;
}

/** A heredoc's body: the text between the line with `<<EOF` and the line `EOF`. */
export interface ShellHeredoc {
  template: TemplateText;
  quoted: boolean;
  span: Span;
  /** The command whose input it is (`cat > trust.json <<EOF`). */
  command: number;
}

export interface ShellScan {
  words: ShellWord[];
  heredocs: ShellHeredoc[];
  /** For each command, the file a `>` or `>>` writes, when one does (`cat > trust.json <<EOF`). */
  redirects: Map<number, ShellWord>;
  /** For a command inside `$(…)` that is the whole value of an assignment (`POLICY=$(cat <<EOF …)`), the variable. */
  assignedBy: Map<number, string>;
}

// Characters that end an unquoted word.
const WORD_END = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>']);

/**
 * The words and heredocs of a shell script (sh, bash, zsh), read as the shell splits them: quotes removed, escapes
 * resolved, and each expansion (`$VAR`, `${VAR}`, `$(…)`, `` `…` ``) a placeholder of the text written. Comments are
 * skipped. Not a shell: enough of its lexical rules to find the JSON a script gives a command, and where each of its
 * characters is.
 */
export function scanShell(text: string): ShellScan {
  const scan: ShellScan = { words: [], heredocs: [], redirects: new Map(), assignedBy: new Map() };
  let commands = 0;
  // A heredoc's body starts on the line after its `<<`, once that line is read.
  let pending: { delimiter: string; quoted: boolean; strip: boolean; command: number }[] = [];

  // Undefined when a body runs to the end of the text: no line closes it, so the `<<` was no heredoc but a placeholder
  // the author meant to fill in (`GITHUB_USER=<<your-github-user>>`), which bash would read to the end with a warning.
  const readBodies = (from: number): number | undefined => {
    const closed = pending.every(({ delimiter, strip }) => new RegExp(`^${strip ? '\\t*' : ''}${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r?$`, 'm').test(text.slice(from)));
    if (!closed) {
      pending = [];
      return undefined;
    }
    let at = from;
    for (const heredoc of pending) {
      let value = '';
      const offsets: number[] = [];
      const placeholders: Placeholder[] = [];
      const bodyStart = at;
      let bodyEnd = text.length;
      let next = text.length;
      while (at < text.length) {
        const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
        let line = text.slice(at, lineEnd).replace(/\r$/, '');
        let lineStart = at;
        if (heredoc.strip) {
          const tabs = /^\t*/.exec(line)![0].length;
          line = line.slice(tabs);
          lineStart += tabs;
        }
        if (line === heredoc.delimiter) {
          bodyEnd = at;
          next = Math.min(text.length, lineEnd + 1);
          break;
        }
        const unitEnd = lineEnd < text.length ? lineEnd + 1 : lineEnd;
        if (heredoc.quoted) {
          for (let i = lineStart; i < unitEnd; i++) {
            if (text[i] === '\r') continue;
            value += text[i];
            offsets.push(i);
          }
        } else {
          const piece = expandedText(text, lineStart, unitEnd, 'heredoc');
          for (const hole of piece.template.placeholders) placeholders.push({ ...hole, start: hole.start + value.length, end: hole.end + value.length });
          value += piece.template.value;
          offsets.push(...piece.template.offsets.slice(0, -1));
        }
        at = unitEnd;
        next = at;
      }
      offsets.push(bodyEnd);
      scan.heredocs.push({ template: { value, offsets, placeholders }, quoted: heredoc.quoted, span: { start: bodyStart, end: bodyEnd }, command: heredoc.command });
      at = next;
    }
    pending = [];
    return at;
  };

  // Reads commands from `start` to the end of the text, or to the `)` that closes a `$(` when `nested`.
  const readCommands = (start: number, nested: boolean, assignTo?: string): number => {
    let i = start;
    let command = ++commands;
    if (assignTo) scan.assignedBy.set(command, assignTo);
    let depth = 0;
    let redirectNext = false;
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') {
        i = pending.length > 0 ? (readBodies(i + 1) ?? i + 1) : i + 1;
        command = ++commands;
        if (assignTo) scan.assignedBy.set(command, assignTo);
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      // A backslash before the line's end joins the next line to the command.
      if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
        i += text[i + 1] === '\n' ? 2 : 3;
        continue;
      }
      if (c === '#' && (i === 0 || /[\s;&|()]/.test(text[i - 1]))) {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
      if (c === ')') {
        if (nested && depth === 0) return i + 1;
        depth = Math.max(0, depth - 1);
        i++;
        command = ++commands;
        continue;
      }
      if (c === '(') {
        depth++;
        i++;
        command = ++commands;
        continue;
      }
      if (c === ';' || c === '&' || c === '|') {
        i++;
        command = ++commands;
        if (assignTo) scan.assignedBy.set(command, assignTo);
        continue;
      }
      if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
        const operator = /^<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([A-Za-z0-9_.-]+))/.exec(text.slice(i, i + 200));
        if (operator) {
          const delimiter = operator[2] ?? operator[3] ?? operator[4];
          pending.push({ delimiter, quoted: operator[2] !== undefined || operator[3] !== undefined || operator[0].includes('\\'), strip: operator[1] === '-', command });
          i += operator[0].length;
          continue;
        }
      }
      if (c === '<' || c === '>') {
        redirectNext = c === '>';
        i++;
        while (text[i] === '>' || text[i] === '&' || text[i] === '|') i++;
        continue;
      }
      const word = readWord(i, command);
      if (redirectNext) scan.redirects.set(command, word);
      redirectNext = false;
      scan.words.push(word);
      i = word.span.end;
    }
    return i;
  };

  // One word from `start`; a `$(…)` in it is read as commands of its own, whose words and heredocs are kept too.
  const readWord = (start: number, command: number): ShellWord => {
    let value = '';
    const offsets: number[] = [];
    const quoting: ShellQuoting[] = [];
    const placeholders: Placeholder[] = [];
    const push = (unit: string, offset: number, how: ShellQuoting) => {
      value += unit;
      offsets.push(offset);
      quoting.push(how);
    };
    const hole = (from: number, to: number, how: ShellQuoting) => {
      const source = asVariable(text.slice(from, to));
      placeholders.push({ start: value.length, end: value.length + source.length, kind: placeholderKindOf(source), source });
      for (let k = 0; k < source.length; k++) push(source[k], from + Math.min(k, to - from - 1), how);
    };
    const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/.exec(text.slice(start, start + 100))?.[0];
    let i = start;
    while (i < text.length && !WORD_END.has(text[i])) {
      const c = text[i];
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        const end = close < 0 ? text.length : close;
        for (let k = i + 1; k < end; k++) if (text[k] !== '\r') push(text[k], k, 'single');
        i = end + 1;
        continue;
      }
      if (c === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length && '"$`\\\n'.includes(text[i + 1])) {
            if (text[i + 1] !== '\n') push(text[i + 1], i, 'double');
            i += 2;
            continue;
          }
          if (text[i] === '$' || text[i] === '`') {
            const end = expansionEnd(i);
            if (end > i + 1) {
              hole(i, end, 'double');
              i = end;
              continue;
            }
          }
          if (text[i] !== '\r') push(text[i], i, 'double');
          i++;
        }
        i++;
        continue;
      }
      if (c === '\\') {
        if (text[i + 1] !== '\n' && i + 1 < text.length) push(text[i + 1], i, 'bare');
        i += 2;
        continue;
      }
      if (c === '$' || c === '`') {
        // The whole value of an assignment read from a command (`POLICY=$(cat <<EOF …)`): its heredoc is the variable's.
        const assigned = assignment && i === start + assignment.length && text.startsWith('$(', i) ? assignment.slice(0, -1) : undefined;
        const end = expansionEnd(i, assigned);
        if (end > i + 1) {
          hole(i, end, 'bare');
          i = end;
          continue;
        }
      }
      push(c, i, 'bare');
      i++;
    }
    // An unclosed quote or a backslash at the very end ran past the text.
    i = Math.min(i, text.length);
    offsets.push(i);
    return { template: { value, offsets, placeholders }, quoting, span: { start, end: i }, command };
  };

  // Where the expansion at `start` (`$NAME`, `${…}`, `$(…)`, `$((…))`, `` `…` ``) ends; `start + 1` when there is none.
  const expansionEnd = (start: number, assignTo?: string): number => {
    if (text[start] === '`') {
      let k = start + 1;
      while (k < text.length && text[k] !== '`') k += text[k] === '\\' ? 2 : 1;
      return Math.min(text.length, k + 1);
    }
    const next = text[start + 1];
    if (next === '{') return closingBrace(text, start + 2, text.length);
    if (next === '(') return readCommands(start + 2, true, assignTo);
    // ANSI-C quoting, `$'it\'s'`: a string whose backslashes escape, up to the quote no backslash escapes.
    if (next === "'") {
      let k = start + 2;
      while (k < text.length && text[k] !== "'") k += text[k] === '\\' ? 2 : 1;
      return Math.min(text.length, k + 1);
    }
    const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(start + 1, start + 101));
    return name ? start + 1 + name[0].length : start + 1;
  };

  readCommands(0, false);
  return scan;
}

/**
 * The text from `from` to `to` of an unquoted heredoc: `\$`, `` \` `` and `\\` escape, a backslash before a newline
 * joins lines, every other backslash is itself, and each expansion is a placeholder.
 */
function expandedText(text: string, from: number, to: number, how: ShellQuoting): { template: TemplateText; quoting: ShellQuoting[] } {
  let value = '';
  const offsets: number[] = [];
  const quoting: ShellQuoting[] = [];
  const placeholders: Placeholder[] = [];
  for (let i = from; i < to;) {
    const c = text[i];
    if (c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < to && '$`\\\n'.includes(text[i + 1])) {
      if (text[i + 1] !== '\n') {
        value += text[i + 1];
        offsets.push(i);
        quoting.push(how);
      }
      i += 2;
      continue;
    }
    if (c === '$' || c === '`') {
      const end = simpleExpansionEnd(text, i, to);
      if (end > i + 1) {
        const source = asVariable(text.slice(i, end));
        placeholders.push({ start: value.length, end: value.length + source.length, kind: placeholderKindOf(source), source });
        for (let k = 0; k < source.length; k++) {
          value += source[k];
          offsets.push(i + Math.min(k, end - i - 1));
          quoting.push(how);
        }
        i = end;
        continue;
      }
    }
    value += c;
    offsets.push(i);
    quoting.push(how);
    i++;
  }
  offsets.push(to);
  return { template: { value, offsets, placeholders }, quoting };
}

function simpleExpansionEnd(text: string, start: number, limit: number): number {
  if (text[start] === '`') {
    const close = text.indexOf('`', start + 1);
    return close < 0 || close >= limit ? start + 1 : close + 1;
  }
  const next = text[start + 1];
  if (next === '{') return closingBrace(text, start + 2, limit);
  if (next === '(') {
    let depth = 0;
    for (let k = start + 1; k < limit; k++) {
      if (text[k] === '(') depth++;
      else if (text[k] === ')' && --depth === 0) return k + 1;
    }
    return start + 1;
  }
  const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(start + 1, Math.min(limit, start + 101)));
  return name ? start + 1 + name[0].length : start + 1;
}

/**
 * Where a `${…}` that opens before `from` ends: after its `}`, braces of `${…}` inside it counted (`${x:-${y}}`); the
 * `$` after it when it is not closed before `limit`, so that it is no expansion.
 */
function closingBrace(text: string, from: number, limit: number): number {
  let depth = 1;
  for (let k = from; k < limit; k++) {
    if (text[k] === '{') depth++;
    else if (text[k] === '}' && --depth === 0) return k + 1;
    else if (text[k] === '\n') break;
  }
  return from - 1;
}

/**
 * An expansion as the rules read a value filled in later, `${…}`: `$account_id` as `${account_id}`, a command's
 * output (`$(aws sts get-caller-identity …)`, `` `…` ``) as `${…}` of its text without braces. A `${…}` stays as written.
 */
function asVariable(source: string): string {
  if (source.startsWith('${')) return source;
  const inner = source.startsWith('$(') ? source.slice(2, -1) : source.startsWith('`') ? source.slice(1, -1) : source.slice(1);
  return `\${${inner.replace(/[{}]/g, '')}}`;
}

/**
 * What a variable stands for, by its name as scripts write them: `ACCOUNT_ID`, `AWS_ACCOUNT`, `${aws_id}` an account,
 * `AWS_REGION` a Region, `AWS_PARTITION` a partition, `QUEUE_ARN` an ARN; a command's output or anything else a string.
 */
export function placeholderKindOf(source: string): Placeholder['kind'] {
  const name = /^\$\{?#?([A-Za-z_][A-Za-z0-9_]*)/.exec(source)?.[1]?.toLowerCase();
  if (!name) return 'string';
  if (/(?:^|_)(?:account(?:_?id)?|aws_id)$/.test(name)) return 'account';
  if (/(?:^|_)region$/.test(name)) return 'region';
  if (/(?:^|_)partition$/.test(name)) return 'partition';
  if (/(?:^|_)arn$/.test(name)) return 'arn';
  return 'string';
}
