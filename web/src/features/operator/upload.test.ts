import { describe, expect, it } from 'vitest';
import { extractFiles } from './upload';

describe('extractFiles', () => {
  it('replaces each file by null and says where it was', () => {
    const a = new File(['a'], 'a.png', { type: 'image/png' });
    const b = new File(['b'], 'b.pdf', { type: 'application/pdf' });
    const { clone, files } = extractFiles({
      input: { consentId: 'c1', fields: '{}', files: [{ role: 'MAIN', file: a }, { role: 'TRANSLATION', file: b }] },
    });
    expect(clone).toEqual({
      input: { consentId: 'c1', fields: '{}', files: [{ role: 'MAIN', file: null }, { role: 'TRANSLATION', file: null }] },
    });
    expect(files).toEqual([
      ['input.files.0.file', a],
      ['input.files.1.file', b],
    ]);
  });
  it('finds a file at the top', () => {
    const s = new File(['s'], 's.png');
    expect(extractFiles({ id: 'x', scan: s })).toEqual({ clone: { id: 'x', scan: null }, files: [['scan', s]] });
  });
});
