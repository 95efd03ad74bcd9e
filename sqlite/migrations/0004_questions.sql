-- Questions (threads of kind 'question') with votes, accepted answers and
-- comments on answers; reputation and trust levels; experts per area with a
-- promised response time; the FAQ of each area.

-- What only questions use. expert_requested_at is when the expert answer was
-- asked for (the start of the SLA clock), due_at when it is due in working
-- days; expert_answered_at/_by/answer_id the first answer by an expert of the
-- area (the clock stops); escalated_at when the question was found overdue.
ALTER TABLE threads ADD COLUMN accepted_reply_id INTEGER REFERENCES replies (id);
ALTER TABLE threads ADD COLUMN closed_duplicate_of INTEGER REFERENCES threads (id);
ALTER TABLE threads ADD COLUMN expert_requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE threads ADD COLUMN expert_requested_at TIMESTAMP;
ALTER TABLE threads ADD COLUMN due_at TIMESTAMP;
ALTER TABLE threads ADD COLUMN claimed_by INTEGER REFERENCES members (id);
ALTER TABLE threads ADD COLUMN claimed_at TIMESTAMP;
ALTER TABLE threads ADD COLUMN expert_answered_at TIMESTAMP;
ALTER TABLE threads ADD COLUMN expert_answered_by INTEGER REFERENCES members (id);
ALTER TABLE threads ADD COLUMN expert_answer_id INTEGER REFERENCES replies (id);
ALTER TABLE threads ADD COLUMN escalated_at TIMESTAMP;
CREATE INDEX threads_expert_due ON threads (expert_requested, due_at);
CREATE INDEX threads_kind_created ON threads (kind, created_at);

-- Promised response time in working days; NULL: the parent's, else 2.
ALTER TABLE areas ADD COLUMN response_days INTEGER;

-- reputation is the sum of the member's reputation_events, kept with them;
-- trust_override is a trust level set by a moderator (NULL: computed).
ALTER TABLE members ADD COLUMN reputation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN trust_override INTEGER;

CREATE TABLE votes (
    reply_id   INTEGER NOT NULL REFERENCES replies (id),
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (reply_id, member_id)
);
CREATE INDEX votes_member ON votes (member_id);

CREATE TABLE answer_comments (
    id         INTEGER PRIMARY KEY,
    reply_id   INTEGER NOT NULL REFERENCES replies (id),
    author_id  INTEGER NOT NULL REFERENCES members (id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX answer_comments_reply ON answer_comments (reply_id, id);

-- One row per change of reputation. A reversal (unvote, unlike, unaccept)
-- records minus what the events it takes back gave. actor_id is who voted,
-- liked or accepted; capped whether the event counts towards the daily cap;
-- day the date in Norway.
CREATE TABLE reputation_events (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    points     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    reversal   INTEGER NOT NULL DEFAULT 0,
    capped     INTEGER NOT NULL DEFAULT 1,
    post_kind  TEXT NOT NULL DEFAULT '',
    post_id    INTEGER NOT NULL DEFAULT 0,
    actor_id   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    day        TEXT NOT NULL
);
CREATE INDEX reputation_events_day ON reputation_events (member_id, day);
CREATE INDEX reputation_events_created ON reputation_events (member_id, created_at);
CREATE INDEX reputation_events_post ON reputation_events (post_kind, post_id, member_id, reason);

CREATE TABLE area_experts (
    area_id    INTEGER NOT NULL REFERENCES areas (id),
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (area_id, member_id)
);
CREATE INDEX area_experts_member ON area_experts (member_id);

CREATE TABLE faq_entries (
    thread_id  INTEGER PRIMARY KEY REFERENCES threads (id),
    area_id    INTEGER NOT NULL REFERENCES areas (id),
    position   INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX faq_entries_area ON faq_entries (area_id, position);

-- Operator settings, such as the trust thresholds (JSON).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
