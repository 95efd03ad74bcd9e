-- A member's posts: threads, questions, replies and answers not deleted.
-- Every write that creates, deletes or restores a post keeps it, so that the
-- trust level (asked for on every thread and question page) reads one row
-- instead of counting the member's posts, which grew with them.
ALTER TABLE members ADD COLUMN post_count INTEGER NOT NULL DEFAULT 0;
UPDATE members SET post_count =
    (SELECT COUNT(*) FROM threads t WHERE t.author_id = members.id AND t.deleted_at IS NULL)
  + (SELECT COUNT(*) FROM replies r WHERE r.author_id = members.id AND r.deleted_at IS NULL);
