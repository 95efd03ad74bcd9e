-- What members follow: areas, tags, threads and members.
CREATE TABLE follows (
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    target_id  INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, kind, target_id)
);
CREATE INDEX follows_target ON follows (kind, target_id);

-- Muted threads and members never cause a notification.
CREATE TABLE mutes (
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    target_id  INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, kind, target_id)
);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    thread_id   INTEGER NOT NULL REFERENCES threads (id),
    reply_id    INTEGER REFERENCES replies (id),
    actor_id    INTEGER REFERENCES members (id) ON DELETE SET NULL,
    actor_count INTEGER NOT NULL DEFAULT 1,
    group_key   TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP,
    mailed_at   TIMESTAMP
);
CREATE INDEX notifications_member ON notifications (member_id, updated_at);
CREATE INDEX notifications_group ON notifications (member_id, group_key);

-- The members grouped into a notification, so that a second like by the
-- same member does not count twice.
CREATE TABLE notification_actors (
    notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    actor_id        INTEGER NOT NULL,
    PRIMARY KEY (notification_id, actor_id)
);

-- Secret addresses of personal Atom feeds; only the hash is stored.
CREATE TABLE feed_tokens (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
CREATE INDEX feed_tokens_member ON feed_tokens (member_id);
