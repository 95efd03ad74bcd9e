-- Full-text search over threads, replies and members. search_docs holds one
-- row per searchable item with what the filters and the visibility rule need
-- (a reply carries its thread's visibility, municipality and area) and the
-- original text for snippets. The store rewrites a row whenever its item
-- changes; deleted items stay, flagged, so that restoring them is a rewrite.
CREATE TABLE search_docs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('thread', 'reply', 'member')),
    ref_id       INTEGER NOT NULL,            -- threads.id, replies.id or members.id
    thread_id    INTEGER,                     -- the thread of a thread or reply; NULL for members
    number       INTEGER NOT NULL DEFAULT 0,  -- a reply's number in its thread
    area_id      INTEGER,                     -- NULL for members
    municipality TEXT NOT NULL,
    visibility   TEXT NOT NULL,               -- 'public', 'members' or 'municipality'; members are 'members'
    author_id    INTEGER NOT NULL,            -- for a member, the member
    created_at   TIMESTAMP NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,  -- deleted post, post in a deleted thread, or inactive member
    title        TEXT NOT NULL,               -- a reply's thread's title; a member's name
    body         TEXT NOT NULL,               -- original text (Markdown) for snippets
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_created ON search_docs (created_at);
CREATE INDEX search_docs_kind_created ON search_docs (kind, created_at);
CREATE INDEX search_docs_thread ON search_docs (thread_id);
CREATE INDEX search_docs_area ON search_docs (area_id);
CREATE INDEX search_docs_visibility ON search_docs (visibility, municipality);

-- The words, as Norwegian stems computed in Go (package search): FTS5 has no
-- Norwegian stemmer. rowid = search_docs.id. A reply's title is left empty
-- here, so that a word of a thread's title finds the thread, not every reply.
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0');
