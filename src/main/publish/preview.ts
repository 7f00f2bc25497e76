import type { PublishPreview, RemoteStatusChoice } from '../../common/publish';
import type { StoreContext } from '../services/context';
import type { PostRequest, RemoteMedia } from '../../publishing/adapter';
import type { Connector } from './connect';
import { loadPiece } from './loadPiece';
import { findPublication } from './outboxRows';
import { contentHash, markerOf, pieceHtml } from '../../publishing/piece';
import type { SecretStore } from './secrets';
import { insecureUrlProblem } from '../../common/publish';
import { findTargetRow } from './targets';

/** The dry run: what a publish would send, and what to look at first, without sending anything. */
export async function previewPublish(
  ctx: StoreContext,
  connector: Connector,
  secrets: SecretStore,
  draftId: string,
  idOrName: string,
  status: RemoteStatusChoice,
): Promise<PublishPreview> {
  const target = await findTargetRow(ctx.db, idOrName);
  const piece = await loadPiece(ctx.db, draftId);
  const hash = contentHash(piece, status);
  const publication = await findPublication(ctx.db, draftId, target.id);
  const mediaRows = await ctx.db.all<{ image_id: string; remote_id: string; url: string }>(
    `SELECT image_id, remote_id, url FROM publish_media WHERE target_id = ? AND state = 'done'`,
    [target.id],
  );
  const media = new Map<string, RemoteMedia>(mediaRows.map((m) => [m.image_id, { remoteId: m.remote_id, url: m.url }]));
  const hrefs = new Map(
    piece.images.map((i) => [i.id, media.get(i.id)?.url ?? `(uploaded copy of ${i.id.slice(0, 12)}…)`]),
  );
  const request: PostRequest = {
    piece,
    status,
    html: pieceHtml(piece, hrefs),
    media,
    marker: markerOf(piece.draftId),
    contentHash: hash,
    previous: publication ? { remoteId: publication.remote_id, remoteUpdated: publication.remote_updated } : null,
    deliveryId: '(assigned when sent)',
  };
  const { adapter } = await connector.open(target).catch(() => ({ adapter: connector.offline(target) }));
  const warnings: string[] = [];
  if (target.kind === 'ghost' && status === 'review')
    warnings.push('Ghost has no review state: the post will wait there as a draft.');
  if (target.kind === 'ghost' && piece.dek.length > 300)
    warnings.push('Ghost takes at most 300 characters of excerpt: the dek will be shortened.');
  if (!piece.headline) warnings.push('The piece has no headline.');
  const insecure = insecureUrlProblem(target.url);
  if (insecure) warnings.push(insecure);
  if ((await secrets.get(target.name)) === null)
    warnings.push(`No secret is set for “${target.name}”; publishing will stop until one is.`);
  return {
    target: { name: target.name, kind: target.kind, url: target.url },
    remoteStatus: status,
    action: publication?.content_hash === hash ? 'unchanged' : publication ? 'update' : 'create',
    fields: adapter.previewFields(request),
    html: request.html,
    images: piece.images.map((i) => ({
      id: i.id,
      alt: i.alt,
      caption: i.caption,
      credit: i.credit,
      reused: media.has(i.id),
    })),
    warnings,
  };
}
