CREATE TABLE municipalities (
    number     TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    sami_name  TEXT NOT NULL DEFAULT '',
    county     TEXT NOT NULL,
    adm_center TEXT NOT NULL DEFAULT '',
    population INTEGER NOT NULL DEFAULT 0,
    language   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX municipalities_county ON municipalities (county, kind);

CREATE TABLE municipality_domains (
    domain       TEXT PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (number),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX municipality_domains_municipality ON municipality_domains (municipality);

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    municipality  TEXT NOT NULL REFERENCES municipalities (number),
    job_title     TEXT NOT NULL DEFAULT '',
    bio           TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT 'nb',
    status        TEXT NOT NULL DEFAULT 'active',
    password_hash TEXT NOT NULL DEFAULT '',
    search_text   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX members_municipality ON members (municipality, name);

CREATE TABLE member_competences (
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    competence TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (member_id, competence)
);
CREATE INDEX member_competences_competence ON member_competences (competence);

CREATE TABLE member_roles (
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    role         TEXT NOT NULL,
    municipality TEXT NOT NULL DEFAULT '',
    granted_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, role, municipality)
);

CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_member ON sessions (member_id);

CREATE TABLE email_tokens (
    hash         TEXT PRIMARY KEY,
    purpose      TEXT NOT NULL,
    email        TEXT NOT NULL,
    member_id    INTEGER REFERENCES members (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
CREATE INDEX api_tokens_member ON api_tokens (member_id);
