// The one cell of a file read whole: `binary` gives its bytes as they are, `plaintextByFile` its text trimmed (as
// Pathway's `prepare_plaintext_str` trims the whole file's text).

/** The cell of a file read whole in `format` (`binary` or `plaintextByFile`) from its content `data`. */
export function wholeFileCell(format: 'binary' | 'plaintextByFile', data: Buffer): Uint8Array | string {
  if (format === 'binary') return new Uint8Array(data.buffer, data.byteOffset, data.length);
  return data.toString('utf8').trim();
}
