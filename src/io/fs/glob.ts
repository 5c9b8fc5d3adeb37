// Which files a path names: one file, every file under a directory, or the files matching a glob pattern
// (`*`, `?`, `**`, `[a-z]`, `[!a]`, `{a,b}`) and every file under the directories it matches, listed by walking from
// the pattern's fixed leading directory.

import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** True when `p` holds glob syntax. */
export function isGlob(p: string): boolean {
  return /[*?[{]/.test(p);
}

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** Compiles a glob (with `/` separators) to an anchored regular expression matching whole paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let depth = 0; // inside {...}
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` matches zero or more directories; a trailing `**` matches everything below.
          if (i + 2 === glob.length) re += '.*';
          else re += '(?:[^/]*/)*';
          i += 2; // skip the second `*` and the `/`
          continue;
        }
        i++;
        re += '[^/]*';
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        const negate = body[0] === '!' || body[0] === '^';
        if (negate) body = body.slice(1);
        re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, (m) => `\\${m}`)}]`;
        i = close;
      }
    } else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      re += ')';
    } else if (c === ',' && depth > 0) re += '|';
    else if (c === '\\' && i + 1 < glob.length) re += escapeRegex(glob[++i]!);
    else re += escapeRegex(c);
  }
  return new RegExp(`^${re}$`);
}

/** A compiled path specification: where to walk from and which files to keep. */
export interface PathSpec {
  /** The path as the user gave it. */
  readonly original: string;
  /** The directory (or file) to start from: the pattern's leading part without glob syntax. */
  readonly base: string;
  /** For globs: matches paths relative to `base` (with `/`); undefined: `base` is a file or a directory. */
  readonly pattern: RegExp | undefined;
  /**
   * Most directory levels to descend below `base` looking for matches (Infinity with `**` or for a plain directory);
   * a matched directory is read whole below that.
   */
  readonly maxDepth: number;
}

/** Splits a path into its fixed base and its glob pattern. */
export function pathSpec(p: string): PathSpec {
  const normalized = p.split(path.sep).join('/');
  if (!isGlob(normalized))
    return { original: p, base: path.resolve(p), pattern: undefined, maxDepth: Infinity };
  const parts = normalized.split('/');
  const fixed: string[] = [];
  while (parts.length > 0 && !isGlob(parts[0]!)) fixed.push(parts.shift()!);
  const base = fixed.length === 0 ? '.' : fixed.join('/') || '/';
  const rest = parts.join('/');
  return {
    original: p,
    base: path.resolve(base),
    pattern: globToRegExp(rest),
    maxDepth: rest.includes('**') ? Infinity : parts.length - 1,
  };
}

/** The error code of a failed file-system call. */
export function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * The regular files a spec names, sorted by path: a file, every file under a directory, or the files a glob matches
 * and every file under the directories it matches (recursively, as Pathway). Returns undefined when `base` does not
 * exist. Unreadable directories below the base are reported to `onError` and skipped.
 */
export async function listFiles(
  spec: PathSpec,
  onError: (p: string, e: unknown) => void,
): Promise<string[] | undefined> {
  let st;
  try {
    st = await stat(spec.base);
  } catch (e) {
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return undefined;
    throw e;
  }
  if (!st.isDirectory()) return spec.pattern === undefined && st.isFile() ? [spec.base] : [];
  const out: string[] = [];
  await walk(spec, spec.base, '', 0, out, onError);
  return out.sort();
}

/** Collects the files below `dir` that the spec keeps; `all`: every file (`dir` is a directory the glob matched). */
async function walk(
  spec: PathSpec,
  dir: string,
  rel: string,
  depth: number,
  out: string[],
  onError: (p: string, e: unknown) => void,
  all = false,
): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') onError(dir, e);
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const s = await stat(full);
        isDir = s.isDirectory();
        isFile = s.isFile();
      } catch {
        continue; // a dangling link
      }
    }
    if (isFile) {
      if (all || spec.pattern === undefined || spec.pattern.test(relPath)) out.push(full);
    } else if (isDir) {
      // A directory the glob matches is read whole, recursively (Pathway's `get_matching_file_paths`).
      if (all || spec.pattern === undefined || spec.pattern.test(relPath))
        await walk(spec, full, relPath, depth + 1, out, onError, true);
      else if (depth < spec.maxDepth) await walk(spec, full, relPath, depth + 1, out, onError, false);
    }
  }
}
