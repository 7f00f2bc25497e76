import { CollaborationPlugin } from '@lexical/react/LexicalCollaborationPlugin';
import { LexicalCollaboration } from '@lexical/react/LexicalCollaborationContext';
import type { Provider } from '@lexical/yjs';
import { useCallback, type RefObject } from 'react';
import type { Doc } from 'yjs';
import type { IpcProvider } from '../../desk/ipcProvider';
import '../../desk/liveCarets.css';

/**
 * A shared piece's body, bound live to its document in main through the IPC
 * provider: colleagues' edits and carets appear as they type, and undo is
 * Yjs's, which undoes only this person's changes (so it replaces the
 * history plugin). The document already holds the body: nothing is seeded.
 */
export function SharedBodyPlugin({
  provider,
  caretsRef,
}: {
  provider: IpcProvider;
  caretsRef: RefObject<HTMLDivElement | null>;
}) {
  const providerFactory = useCallback(
    (id: string, docs: Map<string, Doc>): Provider => {
      docs.set(id, provider.doc);
      return provider;
    },
    [provider],
  );
  return (
    <LexicalCollaboration>
      <CollaborationPlugin
        id={provider.document}
        providerFactory={providerFactory}
        shouldBootstrap={false}
        username={provider.name}
        cursorColor={provider.color}
        cursorsContainerRef={caretsRef}
      />
    </LexicalCollaboration>
  );
}
