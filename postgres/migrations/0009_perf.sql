-- Indexes found by the load benchmark (BENCHMARKS.md). Each lets a query
-- that runs on every page read a small index instead of the table rows,
-- which carry the post bodies.

-- Threads per area and the number of matching threads (FindAreas, the
-- COUNT of FindThreads): the visibility rule and deletion, per area.
CREATE INDEX threads_area_visible ON threads (area_id, visibility, municipality, deleted_at);

-- The same columns by id, for counts that join threads to tags (CountTags).
CREATE INDEX threads_id_visible ON threads (id, visibility, municipality, deleted_at, area_id);

-- A member's posts that are not deleted (trust level, on every page with
-- an edit button): counted from the index alone.
CREATE INDEX threads_author_live ON threads (author_id, deleted_at);
CREATE INDEX replies_author_live ON replies (author_id, deleted_at);
