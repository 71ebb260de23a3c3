/**
 * Graph layout off the main thread: the explorer's Graph view (explorer/cfg-view.ts) posts a graph of sized boxes
 * and edges, this worker lays it out with ELK's layered (Sugiyama) algorithm (elkjs, bundled by our build: no CDN)
 * and posts back the positions and edge routes. One request at a time per message; replies carry the request's id.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';

/** A box to place: its id and size in pixels. */
export interface LayoutNode { readonly id: string; readonly width: number; readonly height: number }
/** An edge between two boxes. */
export interface LayoutEdge { readonly id: string; readonly source: string; readonly target: string }
/** What the page asks for. */
export interface LayoutRequest { readonly id: number; readonly nodes: readonly LayoutNode[]; readonly edges: readonly LayoutEdge[] }
/** A placed box. */
export interface PlacedNode { readonly id: string; readonly x: number; readonly y: number }
/** A routed edge: its points, first at the source. */
export interface RoutedEdge { readonly id: string; readonly points: readonly { x: number; y: number }[] }
/** The answer: positions, routes, the whole size and the time the layout took in the worker. */
export interface LayoutReply {
  readonly id: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly RoutedEdge[];
  readonly width: number;
  readonly height: number;
  readonly ms: number;
  readonly error?: string;
}

const elk = new ELK();

/** ELK options: top-down layers, orthogonal routes, room between layers for the edges. */
const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '24',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // Boxes come in code order: edges to earlier boxes (loops) are the ones turned around, so code reads downwards.
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
};

async function layout(req: LayoutRequest): Promise<LayoutReply> {
  const t0 = performance.now();
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: OPTIONS,
    children: req.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: req.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const g = await elk.layout(graph);
  const nodes = (g.children ?? []).map((n) => ({ id: n.id, x: n.x ?? 0, y: n.y ?? 0 }));
  const edges = (g.edges ?? []).map((e) => {
    const s = e.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
    return { id: e.id, points };
  });
  return { id: req.id, nodes, edges, width: g.width ?? 0, height: g.height ?? 0, ms: performance.now() - t0 };
}

/**
 * ELK is compiled Java (GWT): its first layouts run cold. A layered graph of 120 boxes laid out when the worker starts
 * makes the first real one about twice as fast; requests wait behind it.
 */
const warm = layout({
  id: 0,
  nodes: Array.from({ length: 120 }, (_, i) => ({ id: `w${i}`, width: 150, height: 60 })),
  edges: Array.from({ length: 119 }, (_, i) => ({ id: `x${i}`, source: `w${i}`, target: `w${i + 1}` }))
    .concat(Array.from({ length: 60 }, (_, i) => ({ id: `y${i}`, source: `w${2 * i}`, target: `w${Math.min(2 * i + 3, 119)}` }))),
}).catch(() => undefined);

self.onmessage = (e: MessageEvent<LayoutRequest>) => {
  const req = e.data;
  warm.then(() => layout(req)).then(
    (r) => postMessage(r),
    (err: unknown) => postMessage({ id: req.id, nodes: [], edges: [], width: 0, height: 0, ms: 0, error: String(err) } satisfies LayoutReply),
  );
};
