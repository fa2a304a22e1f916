import type { Edge } from '../../model/config/config';
import { arcHeight, arcPath, MERGE_RADIUS, type DiagramLayout } from './diagramLayout';

/** What is being dragged in the diagram: a new connection from a port, or an existing arc. */
export type Drag =
  | {
      readonly kind: 'new';
      readonly from: number;
      readonly x: number;
      readonly y: number;
      readonly target: number | null;
      readonly reason: string | null;
    }
  | {
      readonly kind: 'arc';
      readonly edge: Edge;
      readonly x: number;
      readonly y: number;
      readonly moved: boolean;
      readonly outside: boolean;
    };

/** The arc that follows the pointer while a connection or an arc is being dragged. */
export function ghostPath(drag: Drag | null, layout: DiagramLayout): string | null {
  if (!drag) return null;
  if (drag.kind === 'new') {
    const port = layout.ports.find((p) => p.from === drag.from);
    if (!port) return null;
    const merge = drag.target !== null && !drag.reason ? layout.merges[drag.target - 1] : null;
    if (merge) {
      return arcPath(
        port.x,
        merge.x,
        layout.baseline,
        arcHeight(merge.to - drag.from),
        layout.baseline - MERGE_RADIUS,
      );
    }
    const height = Math.max(
      50,
      Math.abs(drag.x - port.x) * 0.35 + (layout.baseline - drag.y) * 0.5,
    );
    return `M${port.x},${layout.baseline} C${port.x},${layout.baseline - height} ${drag.x},${drag.y - height * 0.4} ${drag.x},${drag.y}`;
  }
  if (!drag.moved) return null;
  const port = layout.ports.find((p) => p.from === drag.edge.from);
  const merge = layout.merges[drag.edge.to - 1];
  if (!port || !merge) return null;
  const peak = Math.min(drag.y, layout.baseline - 40);
  return `M${port.x},${layout.baseline} Q${drag.x},${peak - 30} ${merge.x},${layout.baseline - MERGE_RADIUS}`;
}
