-- replies_author and threads_author are prefixes of the *_author_live
-- indexes, which serve every lookup by author; each was one more index to
-- change on every reply and thread.
DROP INDEX replies_author;
DROP INDEX threads_author;
