-- Every reply writes a row in replies and, a moment later, a search
-- document; every index on those tables is one more B-tree page to change
-- and to write to the WAL in SQLite's one writer.
--
-- replies_author and threads_author are prefixes of the *_author_live
-- indexes, which serve every lookup by author.
DROP INDEX replies_author;
DROP INDEX threads_author;
-- Every search on SQLite starts from the full-text index and reaches
-- search_docs by rowid, so these were never read; search_docs_thread (kept)
-- serves the updates of a thread's documents.
DROP INDEX search_docs_created;
DROP INDEX search_docs_kind_created;
DROP INDEX search_docs_area;
DROP INDEX search_docs_visibility;
