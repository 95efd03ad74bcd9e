-- E-mail preferences, one-click unsubscribe tokens, the topic of the week
-- and the digest's bookkeeping.

-- A member's e-mail setting of one kind of notification ('off',
-- 'immediate', 'digest'); a kind without a row has its default.
CREATE TABLE mail_prefs (
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    setting   TEXT NOT NULL,
    PRIMARY KEY (member_id, kind)
);

-- The digest of each member: how often ('daily', 'weekly', 'never'), the
-- last period made (e.g. 'w2026-10'; made even when nothing was new) and
-- when the last digest was actually sent. No row: weekly, never sent.
CREATE TABLE digest_state (
    member_id    INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    frequency    TEXT NOT NULL DEFAULT 'weekly',
    last_period  TEXT NOT NULL DEFAULT '',
    last_sent_at TIMESTAMP
);

-- One row per e-mail sent with an unsubscribe link; only the hash of the
-- link's secret is kept. what is a kind of notification or 'digest'.
CREATE TABLE unsubscribe_tokens (
    hash       TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    what       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX unsubscribe_tokens_member ON unsubscribe_tokens (member_id);

-- Topics of the week; the newest is the current one.
CREATE TABLE topics (
    id         INTEGER PRIMARY KEY,
    thread_id  INTEGER NOT NULL REFERENCES threads (id),
    intro      TEXT NOT NULL,
    chosen_by  INTEGER NOT NULL REFERENCES members (id),
    created_at TIMESTAMP NOT NULL
);
