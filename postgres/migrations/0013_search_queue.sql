-- A new reply enters the search index shortly after it is posted, with the
-- others posted meanwhile, in one write (store/searchqueue.go): until then
-- its id waits here. The table is the queue's durable half: what a stopped
-- server had not indexed yet is indexed when a server starts again, on any
-- node.
CREATE TABLE search_queue (
    reply_id BIGINT PRIMARY KEY
);
