import { describe, expect, it } from 'vitest';
import { safeUrl } from './http-request.js';
import { LineSplitter, SseParser } from './stream-decoders.js';

describe('LineSplitter', () => {
  it('splits on \\n, \\r\\n and \\r across chunk boundaries', () => {
    const s = new LineSplitter();
    expect(s.push('a\r')).toEqual(['a']);
    expect(s.push('\nb\nc')).toEqual(['b']);
    expect(s.push('d\r\r\n')).toEqual(['cd', '']);
    expect(s.push('e')).toEqual([]);
    expect(s.end()).toEqual(['e']);
    expect(s.end()).toEqual([]);
  });
});

describe('SseParser', () => {
  it('dispatches events on blank lines, with type, joined data, id and retry', () => {
    const p = new SseParser();
    const lines = [
      ': comment',
      'retry: 250',
      'id: 7',
      'event: tick',
      'data: {"a":',
      'data:1}',
      '',
      '',
      'data',
      '',
    ];
    const events = lines.map((l) => p.feed(l)).filter((e) => e !== undefined);
    expect(events).toEqual([
      { event: 'tick', data: '{"a":\n1}', line: 2 },
      { event: 'message', data: '', line: 9 },
    ]);
    expect(p.lastEventId).toBe('7');
    expect(p.retryMs).toBe(250);
  });

  it('ignores a byte order mark opening the stream', () => {
    const p = new SseParser();
    const events = ['\uFEFFdata: 1', '', 'data: 2', ''].map((l) => p.feed(l)).filter((e) => e !== undefined);
    expect(events.map((e) => e.data)).toEqual(['1', '2']);
  });
});

describe('safeUrl', () => {
  it('drops credentials and masks query values', () => {
    expect(safeUrl('https://u:pw@example.com:8443/a/b?token=x&page=2')).toBe(
      'https://example.com:8443/a/b?token=***&page=***',
    );
    expect(safeUrl('not a url')).toBe('<invalid URL>');
  });
});
