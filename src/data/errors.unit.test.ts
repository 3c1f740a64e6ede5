import { strict as assert } from 'node:assert';
import { DataError, fmt } from './errors';

describe('data/errors: user-facing errors and counts', () => {
  it('formats counts with thousands separators', () => {
    assert.deepEqual([0, 7, 999, 1000, 4897, 50000, 1234567, -25000].map(fmt), ['0', '7', '999', '1,000', '4,897', '50,000', '1,234,567', '-25,000']);
    assert.equal(fmt(0.5), '0.5');
  });
  it('DataError carries its message and name', () => {
    const e = new DataError('x.csv:3: bad');
    assert.equal(e.message, 'x.csv:3: bad');
    assert.equal(e.name, 'DataError');
    assert.ok(e instanceof Error);
  });
});
