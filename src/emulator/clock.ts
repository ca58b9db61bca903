// Wall-clock time with sub-millisecond resolution, so span durations are not all "0s".
export const nowMs = (): number => performance.timeOrigin + performance.now();
