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
  it('counts from now when the target changes, also after the old count ended', () => {
    const { result, rerender } = renderHook(({ until }: { until: string | null }) => useCountdown(until), {
      initialProps: { until: '2026-11-27T10:00:10Z' as string | null },
    });
    expect(result.current).toBe(10);
    // The first code expires; the countdown stops at 0.
    act(() => void vi.advanceTimersByTime(30_000));
    expect(result.current).toBe(0);
    // A new code sent at 10:00:30, valid a minute: 60 at once, not 80 from the stopped clock.
    rerender({ until: '2026-11-27T10:01:30Z' });
    expect(result.current).toBe(60);
    act(() => void vi.advanceTimersByTime(15_000));
    expect(result.current).toBe(45);
    // An earlier target while ticking, then none.
    rerender({ until: '2026-11-27T10:00:50Z' });
    expect(result.current).toBe(5);
    act(() => void vi.advanceTimersByTime(5_000));
    expect(result.current).toBe(0);
    rerender({ until: null });
    expect(result.current).toBe(0);
  });
  it('starts counting when a target first arrives', () => {
    const { result, rerender } = renderHook(({ until }: { until: number | undefined }) => useCountdown(until), {
      initialProps: { until: undefined as number | undefined },
    });
    expect(result.current).toBe(0);
    act(() => void vi.advanceTimersByTime(90_000));
    rerender({ until: Date.now() + 120_000 });
    expect(result.current).toBe(120);
    act(() => void vi.advanceTimersByTime(1_000));
    expect(result.current).toBe(119);
  });
  it('formats minutes and seconds', () => {
    expect(formatSeconds(125)).toBe('2:05');
    expect(formatSeconds(0)).toBe('0:00');
  });
});
