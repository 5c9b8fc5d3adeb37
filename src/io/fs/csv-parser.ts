// An incremental CSV record splitter: quoted fields, doubled or escaped quotes, embedded newlines, comments.
// Text arrives in pieces ending at line breaks; a record cut by the end of a piece is left for the next one.
//
// Algorithm: line by line; a line with no quote (or escape) character is split with `String.split` (the fast
// path); otherwise a small state machine reads fields from that line on, across line breaks inside quotes.

/** How CSV text is split (Pathway's `CsvParserSettings`). */
export interface CsvSettings {
  /** Field separator (default `,`). */
  delimiter?: string;
  /** Quote character (default `"`). */
  quote?: string;
  /** Escape character inside quoted fields (default none: quotes are escaped by doubling them). */
  escape?: string;
  /** A doubled quote inside a quoted field is one quote (default true). */
  doubleQuoteEscapes?: boolean;
  /** Honour quotes at all (default true); false: quotes are ordinary characters. */
  quoting?: boolean;
  /** Lines starting with this character are skipped (default none). */
  comment?: string;
  /** The first record names the columns (default true); false: fields are in schema column order. */
  header?: boolean;
}

/** Receives each record's fields and the line it starts on (1-based). */
export type CsvRecordHandler = (fields: string[], line: number) => void;

/** The result of `CsvSplitter.split`: how much was consumed. */
export interface CsvSplit {
  /** Index in the text where an incomplete record starts (the text's length when all was consumed). */
  consumed: number;
  /** A reason when the text ended inside a quoted field at the end of the file. */
  error?: string;
  /** The line the unterminated record starts on. */
  errorLine?: number;
}

function oneChar(value: string | undefined, what: string, fallback: string | undefined): string | undefined {
  if (value === undefined) return fallback;
  if (value.length !== 1 || value === '\n' || value === '\r')
    throw new TypeError(
      `csv ${what} must be one character other than a line break, got ${JSON.stringify(value)}`,
    );
  return value;
}

/** Splits CSV text into records; keeps the current line number across calls. */
export class CsvSplitter {
  /** Lines consumed so far (the next record starts on line `line + 1`). */
  line = 0;
  private readonly delimiter: string;
  private readonly quote: string | undefined;
  private readonly escape: string | undefined;
  private readonly doubled: boolean;
  private readonly comment: string | undefined;

  /** Creates a splitter with these settings (validated: each special character is one character). */
  constructor(settings: CsvSettings = {}) {
    this.delimiter = oneChar(settings.delimiter, 'delimiter', ',')!;
    this.quote = settings.quoting === false ? undefined : oneChar(settings.quote, 'quote', '"');
    this.escape = this.quote === undefined ? undefined : oneChar(settings.escape, 'escape', undefined);
    this.doubled = settings.doubleQuoteEscapes ?? true;
    this.comment = oneChar(settings.comment, 'comment', undefined);
  }

  /**
   * Calls `onRecord` for each complete record of `text` (which ends at a line break unless `atEnd`). At the end of
   * the file (`atEnd`) a last record without a line break is complete; an unterminated quote is an error.
   */
  split(text: string, atEnd: boolean, onRecord: CsvRecordHandler): CsvSplit {
    const len = text.length;
    const delim = this.delimiter;
    const quote = this.quote;
    const escape = this.escape;
    const comment = this.comment;
    let pos = 0;
    if (
      (quote === undefined || text.indexOf(quote) < 0) &&
      (escape === undefined || text.indexOf(escape) < 0) &&
      (comment === undefined || text.indexOf(comment) < 0)
    ) {
      // Fast path: no quotes in the whole piece; every line is a record split at the delimiter.
      let end = len;
      if (!atEnd) {
        end = text.lastIndexOf('\n') + 1;
        if (end === 0) return { consumed: 0 };
      }
      const lines = (end === len ? text : text.slice(0, end)).split('\n');
      const count = atEnd && text.charCodeAt(end - 1) !== 10 ? lines.length : lines.length - 1;
      let line = this.line;
      for (let i = 0; i < count; i++) {
        let l = lines[i]!;
        line++;
        if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) l = l.slice(0, -1);
        if (l.length > 0) onRecord(l.split(delim), line);
      }
      this.line = line;
      return { consumed: end };
    }
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!atEnd) return { consumed: pos };
        nl = len;
      }
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      if (end === pos || (comment !== undefined && text[pos] === comment)) {
        // Empty lines and comments are skipped.
        this.line++;
        pos = nl + 1;
        continue;
      }
      const line = text.slice(pos, end);
      if (
        quote === undefined ||
        (line.indexOf(quote) < 0 && (escape === undefined || line.indexOf(escape) < 0))
      ) {
        this.line++;
        onRecord(line.split(delim), this.line);
        pos = nl + 1;
        continue;
      }
      const r = this.splitQuoted(text, pos, atEnd, onRecord);
      if (r < 0) {
        if (!atEnd) return { consumed: pos };
        const at = this.line + 1;
        return { consumed: len, error: `unterminated quoted field starting on line ${at}`, errorLine: at };
      }
      pos = r;
    }
    return { consumed: len };
  }

  /** Reads one record that contains quotes, from `pos`; returns the index after it, or -1 when cut off. */
  private splitQuoted(text: string, pos: number, atEnd: boolean, onRecord: CsvRecordHandler): number {
    const len = text.length;
    const delim = this.delimiter;
    const quote = this.quote!;
    const escape = this.escape;
    const fields: string[] = [];
    let lines = 1;
    let i = pos;
    for (;;) {
      // At the start of a field.
      let field = '';
      if (text[i] === quote) {
        i++;
        let from = i;
        for (;;) {
          if (i >= len) return -1;
          const c = text[i];
          if (c === quote) {
            if (this.doubled && text[i + 1] === quote) {
              field += text.slice(from, i + 1);
              i += 2;
              from = i;
              continue;
            }
            if (this.doubled && i + 1 >= len && !atEnd) return -1; // the doubled quote may be in the next piece
            field += text.slice(from, i);
            i++;
            break;
          }
          if (c === escape && escape !== undefined) {
            if (i + 1 >= len) return -1;
            field += text.slice(from, i);
            from = i + 1;
            i += 2;
            continue;
          }
          if (c === '\n') lines++;
          i++;
        }
        // Text after the closing quote, up to the separator, is kept as it is (lenient, like most readers).
        from = i;
        while (i < len && text[i] !== delim && text[i] !== '\n') i++;
        let stop = i;
        if (stop > from && text.charCodeAt(stop - 1) === 13 && (i >= len || text[i] === '\n')) stop--;
        field += text.slice(from, stop);
      } else {
        const from = i;
        while (i < len && text[i] !== delim && text[i] !== '\n') i++;
        let stop = i;
        if (stop > from && text.charCodeAt(stop - 1) === 13 && (i >= len || text[i] === '\n')) stop--;
        field = text.slice(from, stop);
      }
      fields.push(field);
      if (i >= len) {
        if (!atEnd) return -1;
        break;
      }
      if (text[i] === delim) {
        i++;
        continue;
      }
      i++; // the line break ending the record
      break;
    }
    const start = this.line + 1;
    this.line += lines;
    onRecord(fields, start);
    return i;
  }
}
