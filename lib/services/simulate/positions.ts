import { findNodeAtLocation, type Node, parseTree } from "jsonc-parser";

/** Where a statement sits in its policy text: 1-based line and column of its first and last character, as AWS's
 * SimulateCustomPolicy reports a matched statement (StartPosition / EndPosition). */
export interface StatementPosition {
  start: { Line: number; Column: number };
  end: { Line: number; Column: number };
}

/** The position of each statement of a policy's JSON text (a single Statement object counts as statement 0). */
export function statementPositions(text: string): (StatementPosition | undefined)[] {
  const root = parseTree(text);
  if (!root) return [];
  const stmt = root.type === "object" ? findStatement(root) : undefined;
  if (!stmt) return [];
  const nodes = stmt.type === "array" ? (stmt.children ?? []) : [stmt];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const at = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { Line: lo + 1, Column: offset - lineStarts[lo]! + 1 };
  };
  return nodes.map((n) => ({ start: at(n.offset), end: at(n.offset + n.length - 1) }));
}

function findStatement(root: Node): Node | undefined {
  return findNodeAtLocation(root, ["Statement"]);
}
