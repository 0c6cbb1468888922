/**
 * Contour lines of a sampled field by marching squares, with the segments joined into
 * polylines (so a level is a few paths, not thousands of two-point segments). Saddle
 * cells are resolved by the value at the cell centre (the mean of its corners).
 */

/** A contour polyline in grid coordinates: (i, j) with i along x, j along y, fractional between nodes. */
export type GridLine = readonly (readonly [number, number])[];

/**
 * Contour lines of level `level` through the grid values `z` (row-major, `nx` values per
 * row, row j at y index j). Cells with a non-finite corner are skipped.
 */
export function contourLines(z: Float64Array, nx: number, ny: number, level: number): GridLine[] {
  // Each segment joins two cell edges; an edge is keyed by its lower-left node and direction.
  const hKey = (i: number, j: number) => (j * nx + i) * 2; // edge from (i,j) to (i+1,j)
  const vKey = (i: number, j: number) => (j * nx + i) * 2 + 1; // edge from (i,j) to (i,j+1)
  const point = new Map<number, readonly [number, number]>();
  const segs: [number, number][] = [];
  const at = (i: number, j: number) => z[j * nx + i]!;
  const cross = (a: number, b: number) => (level - a) / (b - a);

  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const v00 = at(i, j);
      const v10 = at(i + 1, j);
      const v11 = at(i + 1, j + 1);
      const v01 = at(i, j + 1);
      if (!(Number.isFinite(v00) && Number.isFinite(v10) && Number.isFinite(v11) && Number.isFinite(v01))) continue;
      const b0 = v00 >= level;
      const b1 = v10 >= level;
      const b2 = v11 >= level;
      const b3 = v01 >= level;
      // Edges of the cell in order bottom, right, top, left; keep those the level crosses.
      const edges: number[] = [];
      if (b0 !== b1) {
        edges.push(hKey(i, j));
        point.set(hKey(i, j), [i + cross(v00, v10), j]);
      }
      if (b1 !== b2) {
        edges.push(vKey(i + 1, j));
        point.set(vKey(i + 1, j), [i + 1, j + cross(v10, v11)]);
      }
      if (b3 !== b2) {
        edges.push(hKey(i, j + 1));
        point.set(hKey(i, j + 1), [i + cross(v01, v11), j + 1]);
      }
      if (b0 !== b3) {
        edges.push(vKey(i, j));
        point.set(vKey(i, j), [i, j + cross(v00, v01)]);
      }
      if (edges.length === 2) segs.push([edges[0]!, edges[1]!]);
      else if (edges.length === 4) {
        const [bottom, right, top, left] = edges as [number, number, number, number];
        const centreHigh = (v00 + v10 + v11 + v01) / 4 >= level;
        // Opposite corners b0, b2 high (or b1, b3 high): the centre decides which pair is joined through the cell.
        if (b0 === centreHigh) {
          segs.push([bottom, right], [top, left]);
        } else {
          segs.push([bottom, left], [right, top]);
        }
      }
    }
  }
  return joinSegments(segs, point);
}

/** Chains segments that share an edge point into polylines (closed loops repeat their first point). */
function joinSegments(segs: readonly [number, number][], point: ReadonlyMap<number, readonly [number, number]>): GridLine[] {
  const byEdge = new Map<number, number[]>();
  segs.forEach(([a, b], k) => {
    for (const e of [a, b]) {
      const list = byEdge.get(e);
      if (list) list.push(k);
      else byEdge.set(e, [k]);
    }
  });
  const used = new Uint8Array(segs.length);
  const lines: GridLine[] = [];
  const walk = (from: number, seg: number, out: number[]) => {
    let edge = from;
    let s = seg;
    while (s >= 0 && !used[s]) {
      used[s] = 1;
      const [a, b] = segs[s]!;
      edge = a === edge ? b : a;
      out.push(edge);
      s = (byEdge.get(edge) ?? []).find((k) => !used[k]) ?? -1;
    }
  };
  // Start open lines at their ends (edges used once) first, then the remaining closed loops.
  const order = [...segs.keys()].sort((p, q) => endScore(segs[p]!, byEdge) - endScore(segs[q]!, byEdge));
  for (const k of order) {
    if (used[k]) continue;
    const [a, b] = segs[k]!;
    const start = byEdge.get(a)!.length === 1 || byEdge.get(b)!.length !== 1 ? a : b;
    const chain = [start];
    walk(start, k, chain);
    lines.push(chain.map((e) => point.get(e)!));
  }
  return lines;
}

function endScore(seg: readonly [number, number], byEdge: ReadonlyMap<number, number[]>): number {
  return Math.min(byEdge.get(seg[0])!.length, byEdge.get(seg[1])!.length);
}
