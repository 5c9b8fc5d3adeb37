// Decoders of HTTP streams: lines out of arbitrary chunks (NDJSON), and server-sent events out of lines
// (the WHATWG event-stream format: data/event/id/retry fields, comments, blank line dispatches).

/** Splits text chunks into lines (`\n`, `\r\n` or `\r`), keeping a partial last line for the next chunk. */
export class LineSplitter {
  private rest = '';
  private lastWasCr = false;

  /** The complete lines in `chunk` (with what was left of the previous chunk). */
  push(chunk: string): string[] {
    let text = chunk;
    // A `\r\n` split across chunks: the `\n` belongs to the line already emitted.
    if (this.lastWasCr && text.startsWith('\n')) text = text.slice(1);
    this.lastWasCr = text.endsWith('\r');
    const parts = (this.rest + text).split(/\r\n|\r|\n/);
    this.rest = parts.pop()!;
    return parts;
  }

  /** The last line when the stream ends without a line break. */
  end(): string[] {
    const r = this.rest;
    this.rest = '';
    return r === '' ? [] : [r];
  }
}

/** One server-sent event. */
export interface SseEvent {
  /** Event type (`message` when the stream gives none). */
  readonly event: string;
  /** The data lines joined by `\n`. */
  readonly data: string;
  /** Line number (in this connection) of the event's first field. */
  readonly line: number;
}

/** Turns event-stream lines into events; remembers the last event id and the server's retry delay. */
export class SseParser {
  /** The `id` of the last event (sent back as `Last-Event-ID` on reconnection). */
  lastEventId: string | undefined;
  /** The reconnection delay the server asked for (`retry:` field), in ms. */
  retryMs: number | undefined;
  private data: string[] = [];
  private event = '';
  private firstLine = 0;
  private inEvent = false;
  private lineNo = 0;

  /** Starts a new connection (line numbers restart; the last event id is kept). */
  reset(): void {
    this.data = [];
    this.event = '';
    this.inEvent = false;
    this.lineNo = 0;
  }

  /** Feeds one line; returns the event a blank line completes. */
  feed(line: string): SseEvent | undefined {
    this.lineNo++;
    // A byte order mark opening the stream is not part of its first line (WHATWG event-stream parsing).
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line === '') {
      this.inEvent = false;
      if (this.data.length === 0) {
        this.event = '';
        return undefined;
      }
      const ev = { event: this.event || 'message', data: this.data.join('\n'), line: this.firstLine };
      this.data = [];
      this.event = '';
      return ev;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (!this.inEvent) {
      this.inEvent = true;
      this.firstLine = this.lineNo;
    }
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
      // Unknown fields are ignored (the spec says so).
    }
    return undefined;
  }
}
