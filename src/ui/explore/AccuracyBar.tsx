import type { SweepRow } from '../../model/sweep/sweepRows';

const W = 120;
const H = 14;
/**
 * Accuracy on [0, 1]: a dot at the mean, a bar over the 95% CI, a dashed line at chance (one in
 * as many classes as the sweep's dataset has: sweepDataset.ts).
 */
export function AccuracyBar({
  accuracy,
  chance,
}: {
  accuracy: SweepRow['testAccuracy'];
  chance: number;
}) {
  const x = (v: number) => Math.max(0, Math.min(1, v)) * W;
  const { mean, ci95, values } = accuracy;
  return (
    <svg width={W} height={H} className="accuracy-bar" aria-hidden="true">
      <line x1={0} x2={W} y1={H / 2} y2={H / 2} className="accuracy-axis" />
      <line x1={x(chance)} x2={x(chance)} y1={0} y2={H} className="accuracy-chance" />
      {ci95 && (
        <rect
          x={x(ci95[0])}
          width={Math.max(1, x(ci95[1]) - x(ci95[0]))}
          y={H / 2 - 3}
          height={6}
          className="accuracy-ci"
        />
      )}
      {values.map((v, i) => (
        <circle key={i} cx={x(v)} cy={H / 2} r={1.5} className="accuracy-seed" />
      ))}
      {values.length > 0 && <circle cx={x(mean)} cy={H / 2} r={3.5} className="accuracy-mean" />}
    </svg>
  );
}
