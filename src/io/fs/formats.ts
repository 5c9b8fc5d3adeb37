// Line-based file formats: text pieces (ending at line breaks) to rows. JSON lines and CSV are coerced to the
// schema with `RecordParser`; plaintext gives one `data` cell per line. Bad records are reported with their line.

import type { RecordParser } from '../record-parser.js';
import { CsvSplitter, type CsvSettings } from './csv-parser.js';
import { FlatJsonScanner } from './flat-json-scanner.js';

/** Where a format puts what it reads (the file being read). */
export interface RowOut {
  /** A parsed row, in schema column order (the array is kept: do not reuse it). */
  row(values: unknown[]): void;
  /** A bad record on `line` (1-based). */
  error(line: number, reason: string): void;
}

/** A line-based format reading one file, piece by piece. */
export interface LineFormat {
  /** Lines consumed so far. */
  line: number;
  /**
   * Reads the complete records of `text` (which ends at a line break, unless `atEnd`: the file's last piece) and
   * returns the index where an incomplete record starts (`text.length` when everything was consumed).
   */
  feed(text: string, atEnd: boolean): number;
}

/** JSON lines: one JSON object per line; blank lines are skipped. Flat objects take a scanner, the rest JSON.parse. */
export class JsonLinesFormat implements LineFormat {
  line = 0;
  private readonly scanner: FlatJsonScanner;
  private readonly raws: unknown[];
  /** Creates the reader of one file. */
  constructor(
    private readonly parser: RecordParser,
    private readonly out: RowOut,
  ) {
    this.scanner = new FlatJsonScanner(parser.columnNames);
    this.raws = new Array<unknown>(parser.columnNames.length);
  }

  feed(text: string, atEnd: boolean): number {
    const len = text.length;
    const parser = this.parser;
    const scanner = this.scanner;
    const raws = this.raws;
    let pos = 0;
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!atEnd) return pos;
        nl = len;
      }
      this.line++;
      if (scanner.scan(text, pos, nl, raws)) {
        const values = parser.parseValues(raws);
        if (values === undefined) this.out.error(this.line, parser.lastError);
        else this.out.row(values);
      } else this.parseLine(text, pos, nl);
      pos = nl + 1;
    }
    return len;
  }

  /** The general path: JSON.parse of the line (any JSON), blank lines skipped. */
  private parseLine(text: string, pos: number, nl: number): void {
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (end <= pos) return;
    const s = text.slice(pos, end);
    let obj: unknown;
    try {
      obj = JSON.parse(s);
    } catch (e) {
      if (s.trim() !== '') this.out.error(this.line, `not valid JSON: ${(e as Error).message}`);
      return;
    }
    const values = this.parser.parseObject(obj);
    if (values === undefined) this.out.error(this.line, this.parser.lastError);
    else this.out.row(values);
  }
}

/** Plaintext: every line is a row with one `data` cell (line breaks removed). */
export class PlaintextFormat implements LineFormat {
  line = 0;
  /** Creates the reader of one file. */
  constructor(private readonly out: RowOut) {}

  feed(text: string, atEnd: boolean): number {
    const len = text.length;
    let pos = 0;
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!atEnd) return pos;
        nl = len;
      }
      this.line++;
      // Each line trimmed (a CR before the line break too), as Pathway's plaintext reader does.
      this.out.row([text.slice(pos, nl).trim()]);
      pos = nl + 1;
    }
    return len;
  }
}

/** What a CSV file's header decided, kept between reads of a growing file. */
export interface CsvHeaderState {
  /** Field position of each schema column (-1: absent); undefined until the header is read. */
  index: number[] | undefined;
  /** The header lacks a required column: the file's rows are skipped (reported once). */
  skip: boolean;
}

/** CSV: the header (by default) maps fields to schema columns by name; fields are coerced by the parser. */
export class CsvFormat implements LineFormat {
  private readonly splitter: CsvSplitter;
  /** The header's decisions (saved with the file's state). */
  header: CsvHeaderState;

  /** Creates the reader of one file; `header` carries a previous read's header when reading on from an offset. */
  constructor(
    private readonly parser: RecordParser,
    private readonly out: RowOut,
    private readonly settings: CsvSettings,
    header?: CsvHeaderState,
  ) {
    this.splitter = new CsvSplitter(settings);
    this.header = header ?? { index: undefined, skip: false };
  }

  get line(): number {
    return this.splitter.line;
  }
  set line(n: number) {
    this.splitter.line = n;
  }

  feed(text: string, atEnd: boolean): number {
    const r = this.splitter.split(text, atEnd, this.onRecord);
    if (r.error !== undefined && !this.header.skip)
      this.out.error(r.errorLine ?? this.splitter.line, r.error);
    return r.consumed;
  }

  private readonly onRecord = (fields: string[], line: number): void => {
    const h = this.header;
    if (h.skip) return;
    let index = h.index;
    if (index === undefined) {
      const names = this.parser.columnNames;
      if (this.settings.header === false) index = names.map((_, i) => i);
      else {
        index = names.map((n) => fields.indexOf(n));
        h.index = index;
        const missing = this.parser.schema.columns.filter(
          (c, i) => index![i]! < 0 && !c.hasDefault && !c.dtype.isOptional && c.dtype.name !== 'ANY',
        );
        if (missing.length > 0) {
          h.skip = true;
          this.out.error(
            line,
            `the header has no column ${missing.map((c) => JSON.stringify(c.name)).join(', ')} ` +
              `(header: ${fields.join(',')}); the file is skipped`,
          );
        }
        return;
      }
      h.index = index;
    }
    const values = this.parser.parseFields(fields, index);
    if (values === undefined) this.out.error(line, this.parser.lastError);
    else this.out.row(values);
  };
}
