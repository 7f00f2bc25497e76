import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { FORMAT_TEXT_COMMAND, type TextFormatType } from 'lexical';
import { useCallback, useEffect } from 'react';
import { STATUS_LABELS } from '../../../common/domain';
import { ApiFailure, messageOf } from '../api';
import { OPEN_LINK_EDITOR_COMMAND } from '../editor/commands';
import { useOpenDraft } from '../editor/openDraftStore';
import { START_NOTE_COMMAND } from '../editor/plugins/ReviewMarksPlugin';
import { useLiveCheck } from '../review/liveCheck';
import { useReview } from '../review/reviewStore';
import { notifyError, useNotices } from '../shell/notices';
import { provideRefocus } from './commandUi';
import { providePieceCommand } from './dispatcher';
import type { PieceCommandId } from './windowCommands';

const FORMATS: Array<[PieceCommandId, TextFormatType]> = [
  ['format.bold', 'bold'],
  ['format.italic', 'italic'],
  ['format.underline', 'underline'],
  ['format.strikethrough', 'strikethrough'],
  ['format.code', 'code'],
];

const info = (message: string): void => useNotices.getState().push({ kind: 'info', message });

/**
 * The open piece's commands that act on its editor and side pane, for the
 * menu bar and the command palette (the find bar, versions and export menu
 * provide their own). Also gives the text its caret and selection back when
 * a palette opened over it closes.
 */
export function PieceCommands({
  sidePaneOpen,
  setSidePaneOpen,
}: {
  sidePaneOpen: boolean;
  setSidePaneOpen: (open: boolean) => void;
}) {
  const [editor] = useLexicalComposerContext();

  useEffect(() => {
    let release = (): void => undefined;
    const unregister = editor.registerRootListener((root) => {
      release();
      release = root ? provideRefocus(root, () => editor.focus()) : () => undefined;
    });
    return () => {
      unregister();
      release();
    };
  }, [editor]);

  const showReview = useCallback(() => {
    setSidePaneOpen(true);
    useReview.getState().setTab('review');
  }, [setSidePaneOpen]);

  useEffect(() => {
    const provided = [
      ...FORMATS.map(([id, format]) =>
        providePieceCommand(id, () => void editor.dispatchCommand(FORMAT_TEXT_COMMAND, format)),
      ),
      providePieceCommand('edit.link', () => void editor.dispatchCommand(OPEN_LINK_EDITOR_COMMAND, undefined)),
      providePieceCommand('edit.reviewNote', () => {
        // The note is on the selected words; with none selected there is nothing to note.
        if (!editor.dispatchCommand(START_NOTE_COMMAND, undefined))
          info('Add a review note: select the words it is about first.');
      }),
      providePieceCommand('piece.runCheck', () => {
        showReview();
        useLiveCheck.getState().run();
      }),
      providePieceCommand('piece.submitForReview', async () => {
        showReview();
        const { status } = useOpenDraft.getState();
        if (status !== 'draft')
          return info(`Only a draft is submitted for review; this piece is ${STATUS_LABELS[status].toLowerCase()}.`);
        try {
          const outcome = await useReview.getState().changeStatus('in_review', '');
          if (outcome === 'conflict')
            notifyError('This piece was changed elsewhere; reload it before submitting it for review.');
          else if (outcome === 'changed') info('Submitted for review.');
        } catch (err) {
          // The check's problems are listed in the Review tab, where they can be fixed.
          if (err instanceof ApiFailure && err.error.code === 'check_failed') useLiveCheck.getState().run();
          notifyError(messageOf(err));
        }
      }),
    ];
    return () => provided.forEach((release) => release());
  }, [editor, showReview]);

  useEffect(
    () => providePieceCommand('view.sidePane', () => setSidePaneOpen(!sidePaneOpen)),
    [sidePaneOpen, setSidePaneOpen],
  );

  return null;
}
