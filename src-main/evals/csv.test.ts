import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and a missing final newline', () => {
    const rows = parseCsv('file,query\r\na.jpg,"dog, on a ""beach"""\r\nb.jpg,cat');
    expect(rows).toEqual([
      { file: 'a.jpg', query: 'dog, on a "beach"' },
      { file: 'b.jpg', query: 'cat' },
    ]);
  });

  it('skips blank lines and fills short rows', () => {
    expect(parseCsv('a,b\n\n1\n')).toEqual([{ a: '1', b: '' }]);
  });
});
