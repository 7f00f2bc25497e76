import { createCommand, type LexicalCommand } from 'lexical';
import type { FigureFields } from '../../../common/nodes/figure/figureJson';

export const INSERT_FIGURE_COMMAND: LexicalCommand<FigureFields> = createCommand('INSERT_FIGURE_COMMAND');
export const INSERT_CITATION_COMMAND: LexicalCommand<string> = createCommand('INSERT_CITATION_COMMAND');
/** Opens the link editor for the selection (Ctrl/Cmd+K or the toolbar). */
export const OPEN_LINK_EDITOR_COMMAND: LexicalCommand<void> = createCommand('OPEN_LINK_EDITOR_COMMAND');
/** Opens the image picker the toolbar's Figure button opens (the `/` inserter's Figure asks for it). */
export const OPEN_IMAGE_PICKER_COMMAND: LexicalCommand<void> = createCommand('OPEN_IMAGE_PICKER_COMMAND');
