/** The plain tree htmlparser2 builds, and what the HTML importer and the per-node readers ask of it. */

export interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
}

export function textOf(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children ?? []).map(textOf).join('');
}

export function hasClass(node: DomNode, name: string): boolean {
  return (node.attribs?.class ?? '').split(/\s+/).includes(name);
}

export function isElement(node: DomNode, ...names: string[]): boolean {
  return (node.type === 'tag' || node.type === 'script' || node.type === 'style') && names.includes(node.name ?? '');
}
