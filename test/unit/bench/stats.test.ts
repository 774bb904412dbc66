import * as assert from 'node:assert/strict';
import { percentile, summarize } from '../../../bench/stats';

describe('benchmark statistics', () => {
  it('takes the median of odd and even counts', () => {
    assert.equal(summarize([3, 1, 2]).median, 2);
    assert.equal(summarize([4, 1, 3, 2]).median, 2.5);
  });

  it('takes the nearest-rank 95th percentile', () => {
    const times = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(times, 0.95), 95);
    assert.equal(summarize([5]).p95, 5);
  });
});
