import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';
import { useLiveCheck } from '../../review/liveCheck';
import { useReview } from '../../review/reviewStore';
import { useCheckRules } from '../../settings/checkRulesStore';
import { bodySnapshots } from '../bodySnapshot';
import { useOpenDraft } from '../openDraftStore';

/**
 * Keeps the pre-publish check in step with the open piece: after any change
 * to its text, its fields, its notes or the desk's rules, the check runs
 * again once the writer pauses. Moving the caret changes nothing and
 * schedules nothing.
 */
export function LiveCheckPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const check = useLiveCheck.getState();
    check.attach(() => bodySnapshots(editor).document(editor.getEditorState()));
    const rules = useCheckRules.getState();
    if (rules.settings === null) void rules.load().finally(() => useLiveCheck.getState().run());
    // A piece just opened is checked once it is on screen and still, as after an edit: the text paints first.
    else check.schedule();
    const unsubscribe = [
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
        if (dirtyElements.size > 0 || dirtyLeaves.size > 0) useLiveCheck.getState().schedule();
      }),
      useOpenDraft.subscribe(() => useLiveCheck.getState().schedule()),
      useReview.subscribe((now, before) => now.notes !== before.notes && useLiveCheck.getState().schedule()),
      useCheckRules.subscribe((now, before) => now.settings !== before.settings && useLiveCheck.getState().run()),
    ];
    return () => {
      unsubscribe.forEach((stop) => stop());
      useLiveCheck.getState().attach(null);
    };
  }, [editor]);
  return null;
}
