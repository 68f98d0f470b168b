import { describe, expect, it } from 'vitest';
import {
  planWindows,
  querySeconds,
  splitWindow,
  windowLabel,
} from '../../functions/adapters/sources/logs-insights-windows.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');

describe('Logs Insights windows', () => {
  it('merges quiet hours and gives a busy hour windows of its own, covering the period without gaps', () => {
    const hourly = new Map([
      [T0, 3000],
      [T0 + H, 4000],
      [T0 + 2 * H, 20_000],
      [T0 + 3 * H, 100],
    ]);

    const windows = planWindows(T0 + 30 * 60_000, T0 + 5 * H, hourly, 8000);

    expect(windows).toEqual([
      { fromMs: T0 + 30 * 60_000, toMs: T0 + 2 * H },
      { fromMs: T0 + 2 * H, toMs: T0 + 2 * H + 1_200_000 },
      { fromMs: T0 + 2 * H + 1_200_000, toMs: T0 + 2 * H + 2_400_000 },
      { fromMs: T0 + 2 * H + 2_400_000, toMs: T0 + 3 * H },
      { fromMs: T0 + 3 * H, toMs: T0 + 5 * H },
    ]);
  });

  it('starts a new window when the next hour would pass the target', () => {
    const hourly = new Map([
      [T0, 5000],
      [T0 + H, 5000],
    ]);

    expect(planWindows(T0, T0 + 2 * H, hourly, 8000)).toEqual([
      { fromMs: T0, toMs: T0 + H },
      { fromMs: T0 + H, toMs: T0 + 2 * H },
    ]);
  });

  it('halves a window on a whole second, down to one second', () => {
    expect(splitWindow({ fromMs: T0, toMs: T0 + 3000 })).toEqual([
      { fromMs: T0, toMs: T0 + 2000 },
      { fromMs: T0 + 2000, toMs: T0 + 3000 },
    ]);
    expect(splitWindow({ fromMs: T0, toMs: T0 + 1000 })).toBeUndefined();
  });

  it('asks StartQuery for inclusive seconds, so neighbouring windows never share a second', () => {
    expect(querySeconds({ fromMs: T0, toMs: T0 + H })).toEqual({
      startTime: T0 / 1000,
      endTime: T0 / 1000 + 3599,
    });
    expect(querySeconds({ fromMs: T0 + 250, toMs: T0 + 1500 })).toEqual({
      startTime: T0 / 1000,
      endTime: T0 / 1000 + 1,
    });
  });

  it('labels windows compactly', () => {
    expect(windowLabel({ fromMs: T0, toMs: T0 + H })).toBe('2026-11-01T00:00Z..01:00Z');
    expect(windowLabel({ fromMs: T0 - H, toMs: T0 + 1500 })).toBe('2026-10-31T23:00Z..2026-11-01T00:00:01Z');
  });
});
