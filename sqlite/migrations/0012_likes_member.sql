-- A viewer's likes among the posts of a page are read on every page view:
-- with the kind and post in the index it is one short range of the
-- member's own likes instead of a lookup per post.
CREATE INDEX likes_member_post ON likes (member_id, post_kind, post_id);
DROP INDEX likes_member;
