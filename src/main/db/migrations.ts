/**
 * Numbered migrations, applied in order, each in its own transaction, with
 * `PRAGMA user_version` recording the last one applied. Never edit a
 * migration that has shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'drafts, tags, sources, images, revisions, settings',
    sql: `
      CREATE TABLE images (
        id          TEXT PRIMARY KEY,               -- sha256 of the bytes
        mime        TEXT NOT NULL CHECK (mime IN ('image/png','image/jpeg','image/gif','image/webp')),
        width       INTEGER NOT NULL CHECK (width > 0),
        height      INTEGER NOT NULL CHECK (height > 0),
        bytes       INTEGER NOT NULL,
        alt         TEXT NOT NULL DEFAULT '',
        caption     TEXT NOT NULL DEFAULT '',
        credit      TEXT NOT NULL DEFAULT '',
        license     TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL
      );

      -- seq is the stable integer key the search index points at; VACUUM may
      -- renumber an implicit rowid, never an INTEGER PRIMARY KEY.
      CREATE TABLE drafts (
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        headline    TEXT NOT NULL DEFAULT '',
        dek         TEXT NOT NULL DEFAULT '',
        slug        TEXT NOT NULL DEFAULT '',
        section     TEXT NOT NULL DEFAULT '',
        byline      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(byline)),
        status      TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft','in_review','approved','published','archived')),
        body        TEXT NOT NULL,
        body_text   TEXT NOT NULL DEFAULT '',
        word_count  INTEGER NOT NULL DEFAULT 0,
        top_image   TEXT REFERENCES images(id),
        version     INTEGER NOT NULL DEFAULT 1,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        trashed_at  INTEGER
      );
      CREATE INDEX drafts_by_updated ON drafts(trashed_at, updated_at DESC);
      CREATE INDEX drafts_by_status ON drafts(status, updated_at DESC);
      CREATE INDEX drafts_by_section ON drafts(section);

      CREATE TABLE tags (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        key         TEXT NOT NULL UNIQUE,           -- NFKC, lower-cased in any script
        description TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE draft_tags (
        draft_id    TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        PRIMARY KEY (draft_id, tag_id)
      ) WITHOUT ROWID;
      CREATE INDEX draft_tags_by_tag ON draft_tags(tag_id);

      CREATE TABLE sources (
        draft_id    TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        id          TEXT NOT NULL,
        position    INTEGER NOT NULL,
        outlet      TEXT NOT NULL DEFAULT '',
        title       TEXT NOT NULL DEFAULT '',
        url         TEXT NOT NULL DEFAULT '',
        author      TEXT NOT NULL DEFAULT '',
        published   TEXT NOT NULL DEFAULT '',
        accessed    TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (draft_id, id)
      ) WITHOUT ROWID;

      CREATE TABLE revisions (
        id            INTEGER PRIMARY KEY,
        draft_id      TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        draft_version INTEGER NOT NULL,
        reason        TEXT NOT NULL CHECK (reason IN ('autosave','manual','status','publish','restore')),
        name          TEXT NOT NULL DEFAULT '',
        author        TEXT NOT NULL DEFAULT '',
        word_count    INTEGER NOT NULL,
        restored_from INTEGER REFERENCES revisions(id) ON DELETE SET NULL,
        created_at    INTEGER NOT NULL,
        snapshot      BLOB NOT NULL               -- brotli-compressed JSON
      );
      CREATE INDEX revisions_by_draft ON revisions(draft_id, id DESC);

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'full-text search over headline, dek, body, tags and sources',
    sql: `
      -- The repository keeps these two in step with draft_tags and sources in
      -- the same transaction, so the index is rebuilt once per save rather
      -- than once per tag row.
      ALTER TABLE drafts ADD COLUMN tags_text TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE drafts ADD COLUMN sources_text TEXT NOT NULL DEFAULT '';
      UPDATE drafts SET
        tags_text = (SELECT json_group_array(name) FROM (
          SELECT t.name FROM draft_tags dt JOIN tags t ON t.id = dt.tag_id
          WHERE dt.draft_id = drafts.id ORDER BY dt.position)),
        sources_text = coalesce((SELECT group_concat(line, char(10)) FROM (
          SELECT concat_ws(' ', outlet, title, author, url, notes) AS line FROM sources s
          WHERE s.draft_id = drafts.id ORDER BY s.position)), '');

      CREATE VIRTUAL TABLE drafts_fts USING fts5(
        headline, dek, body_text, tags_text, sources_text,
        content = 'drafts', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN
        INSERT INTO drafts_fts(rowid, headline, dek, body_text, tags_text, sources_text)
        VALUES (new.seq, new.headline, new.dek, new.body_text, new.tags_text, new.sources_text);
      END;

      CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN
        INSERT INTO drafts_fts(drafts_fts, rowid, headline, dek, body_text, tags_text, sources_text)
        VALUES ('delete', old.seq, old.headline, old.dek, old.body_text, old.tags_text, old.sources_text);
      END;

      CREATE TRIGGER drafts_fts_update AFTER UPDATE OF headline, dek, body_text, tags_text, sources_text ON drafts
      WHEN old.headline IS NOT new.headline OR old.dek IS NOT new.dek OR old.body_text IS NOT new.body_text
        OR old.tags_text IS NOT new.tags_text OR old.sources_text IS NOT new.sources_text
      BEGIN
        INSERT INTO drafts_fts(drafts_fts, rowid, headline, dek, body_text, tags_text, sources_text)
        VALUES ('delete', old.seq, old.headline, old.dek, old.body_text, old.tags_text, old.sources_text);
        INSERT INTO drafts_fts(rowid, headline, dek, body_text, tags_text, sources_text)
        VALUES (new.seq, new.headline, new.dek, new.body_text, new.tags_text, new.sources_text);
      END;

      INSERT INTO drafts_fts(drafts_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 3,
    name: 'publish targets, the outbox, publications and uploaded media',
    sql: `
      -- A target names a CMS; its secret lives in the OS keychain, never here.
      CREATE TABLE publish_targets (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        name_key    TEXT NOT NULL UNIQUE,           -- lower-cased, for unique names
        kind        TEXT NOT NULL CHECK (kind IN ('wordpress','ghost','webhook')),
        url         TEXT NOT NULL,
        user        TEXT NOT NULL DEFAULT '',
        options     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );

      -- The outbox: one row per publish, carrying a snapshot of what is sent,
      -- so a retry after a restart sends exactly what the writer clicked on.
      CREATE TABLE publish_jobs (
        id              TEXT PRIMARY KEY,
        draft_id        TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        target_id       TEXT NOT NULL REFERENCES publish_targets(id) ON DELETE CASCADE,
        remote_status   TEXT NOT NULL CHECK (remote_status IN ('draft','review','publish')),
        state           TEXT NOT NULL CHECK (state IN ('queued','running','retrying','done','failed','cancelled')),
        step            TEXT NOT NULL CHECK (step IN ('media','post','record','done')),
        payload         TEXT NOT NULL CHECK (json_valid(payload)),
        content_hash    TEXT NOT NULL,
        -- Set before the create request leaves: a retry first looks for the post it may have made.
        post_sent_at    INTEGER,
        remote_id       TEXT,
        remote_url      TEXT,
        remote_slug     TEXT,
        remote_updated  TEXT,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        last_error      TEXT,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        finished_at     INTEGER
      );
      CREATE INDEX publish_jobs_by_draft ON publish_jobs(draft_id, created_at DESC);
      CREATE INDEX publish_jobs_open ON publish_jobs(state, next_attempt_at) WHERE state IN ('queued','running','retrying');

      -- Media already on a target, by the image's content hash: uploaded once.
      CREATE TABLE publish_media (
        target_id   TEXT NOT NULL REFERENCES publish_targets(id) ON DELETE CASCADE,
        image_id    TEXT NOT NULL,                  -- sha256 of the bytes
        state       TEXT NOT NULL CHECK (state IN ('sending','done')),
        remote_id   TEXT,
        url         TEXT,
        meta_hash   TEXT NOT NULL DEFAULT '',
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (target_id, image_id)
      ) WITHOUT ROWID;

      -- Where each draft is published: the remote identity and what was sent last.
      CREATE TABLE publications (
        draft_id       TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        target_id      TEXT NOT NULL REFERENCES publish_targets(id) ON DELETE CASCADE,
        remote_id      TEXT NOT NULL,
        url            TEXT NOT NULL DEFAULT '',
        slug           TEXT NOT NULL DEFAULT '',
        remote_status  TEXT NOT NULL,
        remote_updated TEXT,
        content_hash   TEXT NOT NULL,
        published_at   INTEGER NOT NULL,
        PRIMARY KEY (draft_id, target_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'review: status trail, review notes, when a piece last changed status',
    sql: `
      CREATE TABLE status_changes (
        id              INTEGER PRIMARY KEY,
        draft_id        TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        from_status     TEXT NOT NULL,
        to_status       TEXT NOT NULL,
        actor           TEXT NOT NULL DEFAULT '',
        role            TEXT NOT NULL DEFAULT '',
        note            TEXT NOT NULL DEFAULT '',
        override_reason TEXT NOT NULL DEFAULT '',
        created_at      INTEGER NOT NULL
      );
      CREATE INDEX status_changes_by_draft ON status_changes(draft_id, id);

      -- A note's id is also the id of the Lexical mark that anchors it in the
      -- text, so the two find each other across every later edit.
      CREATE TABLE review_notes (
        id          TEXT PRIMARY KEY,
        draft_id    TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        parent_id   TEXT REFERENCES review_notes(id) ON DELETE CASCADE,
        quote       TEXT NOT NULL DEFAULT '',
        body        TEXT NOT NULL,
        author      TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL,
        resolved_at INTEGER,
        resolved_by TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX review_notes_by_draft ON review_notes(draft_id, created_at);

      ALTER TABLE drafts ADD COLUMN status_changed_at INTEGER;
      UPDATE drafts SET status_changed_at = updated_at;
    `,
  },
  {
    version: 5,
    name: 'covering indexes for the library: status counts, sections, bylines and tag counts read no draft bodies',
    sql: `
      -- Each draft row carries its whole body, so a query that visits every
      -- draft through the table reads the whole library (2.3 GB at 100,000
      -- drafts): the status counts, the section and byline suggestions and the
      -- tag counts took 0.4 to 1.4 s each. These indexes hold what they need.
      CREATE INDEX drafts_status_trashed ON drafts(status, trashed_at);
      CREATE INDEX drafts_live_sections ON drafts(trashed_at, section);
      CREATE INDEX drafts_live_bylines ON drafts(trashed_at, byline);
      CREATE INDEX drafts_id_trashed ON drafts(id, trashed_at);
    `,
  },
  {
    version: 6,
    name: 'one search index for the library and one for the trash',
    sql: `
      -- A search of the library had to leave out trashed pieces hit by hit,
      -- and a trashed piece's flag sits after its body in the row. With the
      -- live and the trashed pieces in separate indexes, each search reads
      -- only its own index, and its count is the index's count. Each index
      -- takes its rows from a view, so FTS5's integrity check and rebuild
      -- compare against exactly the rows it should hold.
      DROP TRIGGER drafts_fts_insert;
      DROP TRIGGER drafts_fts_delete;
      DROP TRIGGER drafts_fts_update;
      DROP TABLE drafts_fts;

      CREATE VIEW live_drafts_text AS
        SELECT seq, headline, dek, body_text, tags_text, sources_text FROM drafts WHERE trashed_at IS NULL;
      CREATE VIEW trashed_drafts_text AS
        SELECT seq, headline, dek, body_text, tags_text, sources_text FROM drafts WHERE trashed_at IS NOT NULL;

      CREATE VIRTUAL TABLE drafts_fts USING fts5(
        headline, dek, body_text, tags_text, sources_text,
        content = 'live_drafts_text', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      CREATE VIRTUAL TABLE trash_fts USING fts5(
        headline, dek, body_text, tags_text, sources_text,
        content = 'trashed_drafts_text', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN
        INSERT INTO drafts_fts(rowid, headline, dek, body_text, tags_text, sources_text)
        SELECT new.seq, new.headline, new.dek, new.body_text, new.tags_text, new.sources_text WHERE new.trashed_at IS NULL;
        INSERT INTO trash_fts(rowid, headline, dek, body_text, tags_text, sources_text)
        SELECT new.seq, new.headline, new.dek, new.body_text, new.tags_text, new.sources_text WHERE new.trashed_at IS NOT NULL;
      END;

      CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN
        INSERT INTO drafts_fts(drafts_fts, rowid, headline, dek, body_text, tags_text, sources_text)
        SELECT 'delete', old.seq, old.headline, old.dek, old.body_text, old.tags_text, old.sources_text WHERE old.trashed_at IS NULL;
        INSERT INTO trash_fts(trash_fts, rowid, headline, dek, body_text, tags_text, sources_text)
        SELECT 'delete', old.seq, old.headline, old.dek, old.body_text, old.tags_text, old.sources_text WHERE old.trashed_at IS NOT NULL;
      END;

      -- Moving to or from the trash moves the piece between the indexes.
      CREATE TRIGGER drafts_fts_update AFTER UPDATE OF headline, dek, body_text, tags_text, sources_text, trashed_at ON drafts
      WHEN old.headline IS NOT new.headline OR old.dek IS NOT new.dek OR old.body_text IS NOT new.body_text
        OR old.tags_text IS NOT new.tags_text OR old.sources_text IS NOT new.sources_text
        OR (old.trashed_at IS NULL) IS NOT (new.trashed_at IS NULL)
      BEGIN
        INSERT INTO drafts_fts(drafts_fts, rowid, headline, dek, body_text, tags_text, sources_text)
        SELECT 'delete', old.seq, old.headline, old.dek, old.body_text, old.tags_text, old.sources_text WHERE old.trashed_at IS NULL;
        INSERT INTO trash_fts(trash_fts, rowid, headline, dek, body_text, tags_text, sources_text)
        SELECT 'delete', old.seq, old.headline, old.dek, old.body_text, old.tags_text, old.sources_text WHERE old.trashed_at IS NOT NULL;
        INSERT INTO drafts_fts(rowid, headline, dek, body_text, tags_text, sources_text)
        SELECT new.seq, new.headline, new.dek, new.body_text, new.tags_text, new.sources_text WHERE new.trashed_at IS NULL;
        INSERT INTO trash_fts(rowid, headline, dek, body_text, tags_text, sources_text)
        SELECT new.seq, new.headline, new.dek, new.body_text, new.tags_text, new.sources_text WHERE new.trashed_at IS NOT NULL;
      END;

      INSERT INTO drafts_fts(drafts_fts) VALUES ('rebuild');
      INSERT INTO trash_fts(trash_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 7,
    name: 'an edit journal, so an autosave writes the blocks that changed instead of the whole body',
    sql: `
      -- An autosave of a 10,000-word piece rewrote 400 KB of row and
      -- re-indexed every word to record a three-word change. Now it records
      -- which top-level blocks changed against the version before; the body,
      -- its plain text and the search index catch up when the piece is
      -- settled (after a pause, a long run of edits, before a search, at
      -- close, or at the next start after a crash). drafts.body plus its
      -- edits in version order is always the current body.
      CREATE TABLE draft_edits (
        draft_seq  INTEGER NOT NULL REFERENCES drafts(seq) ON DELETE CASCADE,
        version    INTEGER NOT NULL,
        edit       TEXT NOT NULL,
        saved_at   INTEGER NOT NULL,
        word_count INTEGER NOT NULL,
        PRIMARY KEY (draft_seq, version)
      ) WITHOUT ROWID;

      -- Recording an edit is the save: one statement that only lands on the
      -- version it was made from, of a piece not in the trash, and moves the
      -- piece to the edit's version. On its own it is a whole transaction.
      CREATE TRIGGER draft_edits_check BEFORE INSERT ON draft_edits
      WHEN NOT EXISTS (SELECT 1 FROM drafts WHERE seq = new.draft_seq AND version = new.version - 1 AND trashed_at IS NULL)
      BEGIN
        SELECT RAISE(ABORT, 'stale draft version');
      END;
      CREATE TRIGGER draft_edits_save AFTER INSERT ON draft_edits BEGIN
        UPDATE drafts SET version = new.version, updated_at = new.saved_at, word_count = new.word_count WHERE seq = new.draft_seq;
      END;
    `,
  },
  {
    version: 8,
    name: 'a piece keeps its own publication and update dates',
    sql: `
      -- '' (none), YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with its zone, as an
      -- archive recorded them; never the row's own created/updated times.
      ALTER TABLE drafts ADD COLUMN date_published TEXT NOT NULL DEFAULT '';
      ALTER TABLE drafts ADD COLUMN date_modified TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    version: 9,
    name: 'the team desk: the connection, shared pieces and their Yjs update logs',
    sql: `
      -- One desk per app. The token is a secret and lives with the publish
      -- secrets, never here; role is what the server said.
      CREATE TABLE desk_connection (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        url         TEXT NOT NULL,
        user_name   TEXT NOT NULL,
        role        TEXT NOT NULL,
        joined_at   INTEGER NOT NULL,
        synced_at   INTEGER
      );

      -- synced_version is the draft version the piece's document reflected
      -- when last the two met, and synced_state that document (a Yjs
      -- update): a later save is diffed against it, not against a document
      -- that has since taken in other people's edits.
      CREATE TABLE desk_pieces (
        document        TEXT PRIMARY KEY,
        draft_id        TEXT NOT NULL UNIQUE REFERENCES drafts(id) ON DELETE CASCADE,
        shared_at       INTEGER NOT NULL,
        synced_at       INTEGER,
        synced_version  INTEGER NOT NULL,
        synced_state    BLOB,
        state           TEXT NOT NULL DEFAULT 'shared' CHECK (state IN ('shared','kept_local'))
      );

      -- Append-only Yjs updates per document (a piece's or the desk index's);
      -- the acknowledged ones are merged into one row now and then, the local
      -- ones the server has not acknowledged stay one row each, countable.
      CREATE TABLE desk_updates (
        seq         INTEGER PRIMARY KEY,
        document    TEXT NOT NULL,
        data        BLOB NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('local','remote','merged')),
        acked       INTEGER NOT NULL CHECK (acked IN (0, 1))
      );
      CREATE INDEX desk_updates_by_document ON desk_updates(document, acked, seq);

      CREATE TRIGGER desk_pieces_delete AFTER DELETE ON desk_pieces BEGIN
        DELETE FROM desk_updates WHERE document = old.document;
      END;
    `,
  },
  {
    version: 10,
    name: 'what changed on the desk since you last looked',
    sql: `
      -- arrived_at: when colleagues' edits were last written into the draft;
      -- seen_at: when this person last had the piece open. A piece whose
      -- edits arrived after it was seen is marked in the library.
      ALTER TABLE desk_pieces ADD COLUMN arrived_at INTEGER;
      ALTER TABLE desk_pieces ADD COLUMN seen_at INTEGER;
    `,
  },
  {
    version: 11,
    name: "the desk's decisions: requests waiting for the server, and the last board and notifications heard",
    sql: `
      -- A decision asked for on a shared piece (submit, approve…), kept until
      -- the server answers: sent in seq order, its id made once and sent on
      -- every retry so the server does it once. A refused one stays, with
      -- the server's code, message and check problems, until dismissed.
      CREATE TABLE desk_requests (
        seq         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        draft_id    TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        document    TEXT NOT NULL,
        action      TEXT NOT NULL,
        request     TEXT NOT NULL CHECK (json_valid(request)),
        created_at  INTEGER NOT NULL,
        state       TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting','refused')),
        code        TEXT,
        message     TEXT NOT NULL DEFAULT '',
        problems    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(problems)),
        attempts    INTEGER NOT NULL DEFAULT 0
      );

      -- The server's word as last heard (a DeskPieceState / DeskNotification
      -- as JSON), replaced whole on each hearing, so the board and the
      -- notifications show offline; heard_at says how old they are.
      CREATE TABLE desk_board (
        document  TEXT PRIMARY KEY,
        state     TEXT NOT NULL CHECK (json_valid(state))
      );
      CREATE TABLE desk_notifications (
        id    INTEGER PRIMARY KEY,
        item  TEXT NOT NULL CHECK (json_valid(item))
      );
      ALTER TABLE desk_connection ADD COLUMN heard_at INTEGER;
    `,
  },
  {
    version: 12,
    name: "each piece's word-count goal",
    sql: `
      -- The writer's aim for a piece's length, beside the piece rather than in
      -- it: setting it is not an edit (no version, revision or search change),
      -- and it is neither exported, published nor shared. Gone with the piece.
      CREATE TABLE draft_goals (
        draft_id  TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
        words     INTEGER NOT NULL CHECK (words BETWEEN 1 AND 100000)
      );
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
