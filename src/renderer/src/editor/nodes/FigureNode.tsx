import type { JSX } from 'react';
import { FigureNode as FigureNodeBase } from '../../../../common/nodes/figure/FigureNode';
import type { FigureFields } from '../../../../common/lexical/nodes';
import { FigureView } from './FigureView';

/** The figure as the editor shows it: the common node's state, drawn by `FigureView`. */
export class FigureNode extends FigureNodeBase {
  override $config() {
    return this.config('figure', { extends: FigureNodeBase });
  }

  override decorate(): JSX.Element {
    return <FigureView nodeKey={this.getKey()} fields={this.getFields()} />;
  }
}

export function $createFigureNode(fields: FigureFields): FigureNode {
  return new FigureNode().updateFromJSON(fields);
}
