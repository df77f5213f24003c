import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { formatSeconds, useCountdown } from './useCountdown';

describe('useCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-27T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('counts down to the time the API gave, then stays at 0', () => {
    const { result } = renderHook(() => useCountdown('2026-11-27T10:01:00Z'));
    expect(result.current).toBe(60);
    act(() => void vi.advanceTimersByTime(15_000));
    expect(result.current).toBe(45);
    act(() => void vi.advanceTimersByTime(60_000));
    expect(result.current).toBe(0);
  });
  it('formats minutes and seconds', () => {
    expect(formatSeconds(125)).toBe('2:05');
    expect(formatSeconds(0)).toBe('0:00');
  });
});
