// Paired runs, the measuring scheme of the overhead benchmarks (runner-overhead, coverage-overhead):
// two sides timed in adjacent pairs, each side going first in turn. A pair shares the machine's
// state at that moment, so the median of the pairs' ratios shrugs off noise from other tenants.

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const each = (xs) => xs.map((x) => x.toFixed(0)).join('/');

/**
 * `rounds` pairs of `over(round)` and `under(round)`, each resolving to the milliseconds of one
 * measured run; the side that goes first alternates. Returns the median of the pairs' ratios
 * over / under and, for the report line, each side's median and runs in ms.
 */
export async function pairedRuns(rounds, { over, under }) {
  const pairs = [];
  for (let round = 0; round < rounds; round++) {
    const pair = {};
    const sides = [async () => (pair.over = await over(round)), async () => (pair.under = await under(round))];
    if (round % 2 === 1) sides.reverse();
    for (const side of sides) await side();
    pairs.push(pair);
  }
  const side = (name) => pairs.map((p) => p[name]);
  return {
    ratio: median(pairs.map((p) => p.over / p.under)),
    overMs: median(side('over')).toFixed(0),
    underMs: median(side('under')).toFixed(0),
    runs: `runs ${each(side('over'))} vs ${each(side('under'))}`,
  };
}
