import { isMap, isSeq, isScalar, isPair } from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';

/**
 * 1-based line of the node at `path` in a parsed YAML document (for a map key
 * the line of the key). Falls back to the deepest node found; undefined when
 * nothing on the path has a position.
 */
export function yamlPathLine(doc: Document, lc: LineCounter, path: Array<string | number>): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined = lineOf(node, lc);
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      line = lineOf(pair.key, lc) ?? line;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      line = lineOf(item, lc) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function lineOf(node: unknown, lc: LineCounter): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  if (!range) return undefined;
  return lc.linePos(range[0]).line;
}
