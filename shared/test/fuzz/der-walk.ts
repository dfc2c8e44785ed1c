/** Reads every element of a DER tree the way the parsers do (OIDs, times, integers, strings). */
import {
  bitStringBytes,
  children,
  type DerNode,
  readIntegerHex,
  readOid,
  readString,
  readTime,
  TAG,
} from '../../src/asn1/index.js';

const STRING_TAGS = new Set<number>([0x0c, 0x13, 0x14, 0x16, 0x1a, 0x1e, 0x1c]);

export function walkDer(node: DerNode, budget = { left: 100_000 }): void {
  if (--budget.left < 0) return;
  if (node.tag & 0x20) {
    for (const c of children(node)) walkDer(c, budget);
    return;
  }
  if (node.tag === TAG.OID) readOid(node);
  else if (node.tag === 0x17 || node.tag === 0x18) readTime(node);
  else if (node.tag === TAG.INTEGER) readIntegerHex(node);
  else if (node.tag === 0x03) bitStringBytes(node);
  else if (STRING_TAGS.has(node.tag)) readString(node);
}
