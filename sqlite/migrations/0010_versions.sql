-- Data versions: a number per kind of data that every write of that kind
-- increments in its own transaction. Caches of counts and search results
-- are keyed by them, so that every node sharing this database sees a
-- change as soon as it commits.
--   threads  which threads a list or count holds (create, delete, restore,
--            area, tags, visibility, tag merges, area changes)
--   search   any search document (posts and members, written or removed)
--   members  the members who count as active
CREATE TABLE data_versions (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('threads', 1), ('search', 1), ('members', 1);
