-- Mention handles: @ingrid.haugen links to a profile.
ALTER TABLE members ADD COLUMN handle TEXT;
UPDATE members SET handle = 'medlem-' || id WHERE handle IS NULL;
CREATE UNIQUE INDEX members_handle ON members (handle);

CREATE TABLE areas (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES areas (id),
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    archived_at TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX areas_parent ON areas (parent_id, position);

CREATE TABLE threads (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL DEFAULT 'discussion',
    area_id           INTEGER NOT NULL REFERENCES areas (id),
    author_id         INTEGER NOT NULL REFERENCES members (id),
    municipality      TEXT NOT NULL REFERENCES municipalities (number),
    title             TEXT NOT NULL,
    body              TEXT NOT NULL,
    body_html         TEXT NOT NULL,
    visibility        TEXT NOT NULL,
    reply_count       INTEGER NOT NULL DEFAULT 0,
    like_count        INTEGER NOT NULL DEFAULT 0,
    last_reply_number INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMP NOT NULL,
    edited_at         TIMESTAMP,
    last_activity_at  TIMESTAMP NOT NULL,
    deleted_at        TIMESTAMP,
    deleted_by        INTEGER REFERENCES members (id)
);
CREATE INDEX threads_activity ON threads (last_activity_at);
CREATE INDEX threads_area_activity ON threads (area_id, last_activity_at);
CREATE INDEX threads_created ON threads (created_at);
CREATE INDEX threads_author ON threads (author_id);
CREATE INDEX threads_visibility ON threads (visibility, municipality);

CREATE TABLE replies (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES threads (id),
    number      INTEGER NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES members (id),
    body        TEXT NOT NULL,
    body_html   TEXT NOT NULL,
    reply_to_id INTEGER REFERENCES replies (id),
    like_count  INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    edited_at   TIMESTAMP,
    deleted_at  TIMESTAMP,
    deleted_by  INTEGER REFERENCES members (id),
    UNIQUE (thread_id, number)
);
CREATE INDEX replies_author ON replies (author_id);
CREATE INDEX replies_created ON replies (created_at);

CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    post_kind  TEXT NOT NULL,
    post_id    INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    editor_id  INTEGER NOT NULL REFERENCES members (id),
    title      TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (post_kind, post_id, number)
);

CREATE TABLE likes (
    post_kind  TEXT NOT NULL,
    post_id    INTEGER NOT NULL,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_kind, post_id, member_id)
);
CREATE INDEX likes_member ON likes (member_id);

CREATE TABLE post_mentions (
    post_kind TEXT NOT NULL,
    post_id   INTEGER NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    PRIMARY KEY (post_kind, post_id, member_id)
);

-- One row per reader per thread per day: "most read" counts unique readers.
CREATE TABLE thread_reads (
    thread_id INTEGER NOT NULL REFERENCES threads (id),
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    day       TEXT NOT NULL,
    PRIMARY KEY (thread_id, member_id, day)
);
-- Readers per thread per day, kept with thread_reads, so that lists sum days instead of counting rows.
CREATE TABLE thread_daily_reads (
    thread_id INTEGER NOT NULL REFERENCES threads (id),
    day       TEXT NOT NULL,
    readers   INTEGER NOT NULL,
    PRIMARY KEY (thread_id, day)
);
CREATE INDEX thread_daily_reads_day ON thread_daily_reads (day, thread_id);

-- How far each member has read each thread, for unread markers.
CREATE TABLE thread_read_state (
    member_id        INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    thread_id        INTEGER NOT NULL REFERENCES threads (id),
    last_read_number INTEGER NOT NULL,
    read_at          TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, thread_id)
);

CREATE TABLE facets (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
    id             INTEGER PRIMARY KEY,
    facet_id       INTEGER NOT NULL REFERENCES facets (id),
    slug           TEXT NOT NULL,
    name           TEXT NOT NULL,
    merged_into_id INTEGER REFERENCES tags (id),
    UNIQUE (facet_id, slug)
);
CREATE INDEX tags_slug ON tags (slug);

CREATE TABLE tag_synonyms (
    synonym TEXT PRIMARY KEY,
    tag_id  INTEGER NOT NULL REFERENCES tags (id)
);

CREATE TABLE thread_tags (
    thread_id INTEGER NOT NULL REFERENCES threads (id),
    tag_id    INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (thread_id, tag_id)
);
CREATE INDEX thread_tags_tag ON thread_tags (tag_id, thread_id);
