package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/allmenning/allmenning"
	"github.com/allmenning/allmenning/search"
)

// Questions are threads of kind 'question'; their replies are the answers.
// This file holds what questions add: the extra columns, lists, votes,
// accepted answers, comments on answers, duplicates and similar questions.
// Experts are in expert.go, reputation and trust in reputation.go, the FAQ
// in faq.go.

// questionExtra are the question columns after threadColumns. The accepted
// answer counts only while it is not deleted.
const questionExtra = `, COALESCE((SELECT ar.id FROM replies ar WHERE ar.id = t.accepted_reply_id AND ar.deleted_at IS NULL), 0),
	COALESCE(t.closed_duplicate_of, 0), t.expert_requested, t.expert_requested_at, t.due_at, COALESCE(t.claimed_by, 0), COALESCE(cm.name, ''), t.claimed_at,
	t.expert_answered_at, COALESCE(t.expert_answered_by, 0), COALESCE(t.expert_answer_id, 0), t.escalated_at`

const questionFrom = threadFrom + " LEFT JOIN members cm ON cm.id = t.claimed_by"

func questionDest(q *allmenning.Question) []any {
	q.Thread = &allmenning.Thread{}
	return append(threadDest(q.Thread), &q.AcceptedAnswerID, &q.DuplicateOf, &q.ExpertRequested, nullTime{&q.ExpertRequestedAt}, nullTime{&q.DueAt},
		&q.ClaimedBy, &q.ClaimedByName, nullTime{&q.ClaimedAt}, nullTime{&q.ExpertAnsweredAt}, &q.ExpertAnsweredBy, &q.ExpertAnswerID, nullTime{&q.EscalatedAt})
}

// queryQuestions runs SELECT question columns with the rest of the query
// (from WHERE on) and fills the threads for the viewer. Escalated is set
// from the store's clock.
func (db *DB) queryQuestions(ctx context.Context, tx *Tx, v allmenning.Viewer, rest string, args ...any) ([]*allmenning.Question, error) {
	rows, err := tx.query(ctx, "SELECT "+threadColumns+questionExtra+questionFrom+" "+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*allmenning.Question{}
	for rows.Next() {
		q := &allmenning.Question{}
		if err := rows.Scan(questionDest(q)...); err != nil {
			return nil, err
		}
		list = append(list, q)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	threads := make([]*allmenning.Thread, len(list))
	now := db.now()
	for i, q := range list {
		threads[i] = q.Thread
		q.Escalated = q.ExpertRequested && q.DueAt != nil && allmenning.Overdue(*q.DueAt, q.ExpertAnsweredAt, now)
	}
	return list, fillThreads(ctx, tx, v, threads)
}

// findQuestion returns a question the viewer may see; deleted ones for moderators only.
func (db *DB) findQuestion(ctx context.Context, tx *Tx, v allmenning.Viewer, id int64) (*allmenning.Question, error) {
	vis := visibleCond("t.", v, true)
	list, err := db.queryQuestions(ctx, tx, v, "WHERE t.id = ? AND t.kind = 'question' AND "+vis.sql, append([]any{id}, vis.args...)...)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.thread.not_found")
	}
	return list[0], nil
}

// FindQuestion returns a question the viewer may see, filled for the viewer.
// A discussion is ENOTFOUND; deleted questions are found by moderators only.
func (db *DB) FindQuestion(ctx context.Context, v allmenning.Viewer, threadID int64) (*allmenning.Question, error) {
	var q *allmenning.Question
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		q, err = db.findQuestion(ctx, tx, v, threadID)
		return err
	})
	return q, err
}

// FindQuestions returns a page of the questions the viewer may see, newest
// first, and how many match. Deleted questions are never listed.
//   - Area includes the area's children.
//   - Unanswered: "no-replies" keeps questions without answers (deleted ones
//     do not count); "no-accepted" those without an accepted answer. Both
//     leave out questions closed as duplicates.
//   - ExpertRequested keeps questions that asked for an expert answer.
//   - Tags as in FindThreads.
//   - Limit is 20 by default and at most 100.
func (db *DB) FindQuestions(ctx context.Context, v allmenning.Viewer, f allmenning.QuestionFilter) (*allmenning.QuestionPage, error) {
	page := &allmenning.QuestionPage{Questions: []*allmenning.Question{}}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultThreadLimit
	}
	limit = min(limit, maxThreadLimit)
	w := threadWhere(v, allmenning.ThreadFilter{Kind: allmenning.KindQuestion, Area: f.Area, Author: f.Author})
	switch f.Unanswered {
	case "":
	case allmenning.UnansweredNoReplies:
		w.add("t.reply_count = 0 AND t.closed_duplicate_of IS NULL")
	case allmenning.UnansweredNoAccepted:
		w.add("NOT EXISTS (SELECT 1 FROM replies ar WHERE ar.id = t.accepted_reply_id AND ar.deleted_at IS NULL) AND t.closed_duplicate_of IS NULL")
	default:
		return nil, fieldError(allmenning.EINVALID, "unanswered", "error.question.filter_invalid")
	}
	if f.ExpertRequested {
		w.add("t.expert_requested")
	}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		if len(f.Tags) > 0 {
			tax, err := readTaxonomy(ctx, tx)
			if err != nil {
				return err
			}
			groups, ok := filterGroups(tax, f.Tags)
			if !ok {
				return nil
			}
			for _, g := range groups {
				w.addCond(g.cond())
			}
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM threads t"+w.String(), w.args...).Scan(&page.Total); err != nil {
			return err
		}
		if page.Total == 0 || f.Offset >= page.Total {
			return nil
		}
		// The clamped limit is written into the SQL: SQLite prepares a
		// statement with LIMIT ? again on every execution.
		list, err := db.queryQuestions(ctx, tx, v, w.String()[1:]+" ORDER BY t.created_at DESC, t.id DESC LIMIT "+strconv.Itoa(limit)+" OFFSET ?",
			append(w.args, max(f.Offset, 0))...)
		page.Questions = list
		return err
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// answerOf returns the thread, author and thread author of an answer the
// viewer may see, not deleted, in a question not deleted.
type answerInfo struct {
	replyID, threadID, authorID, askerID int64
}

func answerOf(ctx context.Context, tx *Tx, v allmenning.Viewer, replyID int64) (*answerInfo, error) {
	vis := visibleCond("t.", v, false)
	a := &answerInfo{replyID: replyID}
	var kind string
	err := tx.queryRow(ctx, "SELECT r.thread_id, r.author_id, t.author_id, t.kind FROM replies r JOIN threads t ON t.id = r.thread_id WHERE r.id = ? AND r.deleted_at IS NULL AND "+vis.sql,
		append([]any{replyID}, vis.args...)...).Scan(&a.threadID, &a.authorID, &a.askerID, &kind)
	if err != nil {
		return nil, notFound(err, "error.post.not_found")
	}
	if kind != allmenning.KindQuestion {
		return nil, allmenning.Errorf(allmenning.EINVALID, "error.question.not_question")
	}
	return a, nil
}

// SetVote sets member's vote on an answer: +1, -1, or 0 to remove it, and
// returns the answer's score (ups minus downs). The answer must be visible
// to the member and not deleted, in a question; a member may not vote on
// their own answer (EFORBIDDEN). Whether the member may vote down is policy,
// decided before. The answer's author gets the reputation of the new vote
// and loses exactly what the old one gave, in the same transaction; the
// author's row is locked first, so that concurrent votes (and the daily
// cap) stay exact. Setting the vote a member already has changes nothing.
func (db *DB) SetVote(ctx context.Context, member *allmenning.Member, replyID int64, value int) (int, error) {
	v := allmenning.ViewerOf(member)
	if v.Anonymous() {
		return 0, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	if !allmenning.ValidVote(value) {
		return 0, fieldError(allmenning.EINVALID, "vote", "error.vote.invalid")
	}
	var score int
	err := db.inTx(ctx, func(tx *Tx) error {
		a, err := answerOf(ctx, tx, v, replyID)
		if err != nil {
			return err
		}
		if a.authorID == member.ID && value != allmenning.VoteNone {
			return allmenning.Errorf(allmenning.EFORBIDDEN, "error.vote.own")
		}
		if err := lockMembers(ctx, tx, a.authorID); err != nil {
			return err
		}
		var old int
		err = tx.queryRow(ctx, "SELECT value FROM votes WHERE reply_id = ? AND member_id = ?", replyID, member.ID).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old != value {
			now := db.now()
			if old != allmenning.VoteNone {
				if _, err := tx.exec(ctx, "DELETE FROM votes WHERE reply_id = ? AND member_id = ?", replyID, member.ID); err != nil {
					return err
				}
				if err := db.reverseReputation(ctx, tx, a.authorID, voteReason(old), allmenning.PostReply, replyID, member.ID, now); err != nil {
					return err
				}
			}
			if value != allmenning.VoteNone {
				if _, err := tx.exec(ctx, "INSERT INTO votes (reply_id, member_id, value, created_at) VALUES (?, ?, ?, ?)", replyID, member.ID, value, now); err != nil {
					return err
				}
				if err := db.awardReputation(ctx, tx, a.authorID, voteReason(value), allmenning.PostReply, replyID, member.ID, now); err != nil {
					return err
				}
			}
		}
		return tx.queryRow(ctx, "SELECT COALESCE(SUM(value), 0) FROM votes WHERE reply_id = ?", replyID).Scan(&score)
	})
	return score, err
}

func voteReason(value int) string {
	if value < 0 {
		return allmenning.RepDownvote
	}
	return allmenning.RepUpvote
}

// FindAnswerVotes returns, for every answer of a question the viewer may see
// that has votes or the viewer's vote, its score, ups, downs and the
// viewer's vote. Answers without votes are left out (their score is 0).
func (db *DB) FindAnswerVotes(ctx context.Context, v allmenning.Viewer, threadID int64) (map[int64]*allmenning.AnswerVotes, error) {
	out := map[int64]*allmenning.AnswerVotes{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		if err := checkPostVisible(ctx, tx, v, allmenning.PostThread, threadID, true); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT vo.reply_id, SUM(CASE WHEN vo.value > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN vo.value < 0 THEN 1 ELSE 0 END),
				COALESCE(MAX(CASE WHEN vo.member_id = ? THEN vo.value END), 0)
			FROM votes vo JOIN replies r ON r.id = vo.reply_id WHERE r.thread_id = ? GROUP BY vo.reply_id`, v.MemberID, threadID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			a := &allmenning.AnswerVotes{}
			if err := rows.Scan(&id, &a.Up, &a.Down, &a.MyVote); err != nil {
				return err
			}
			a.Score = a.Up - a.Down
			out[id] = a
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lockMembers locks members' rows until the transaction ends, in id order
// so that transactions locking several never deadlock. On SQLite the single
// writer makes this a no-op in effect.
func lockMembers(ctx context.Context, tx *Tx, ids ...int64) error {
	seen := map[int64]bool{}
	sorted := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			sorted = append(sorted, id)
		}
	}
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	for _, id := range sorted {
		if _, err := tx.exec(ctx, "UPDATE members SET reputation = reputation WHERE id = ?", id); err != nil {
			return err
		}
	}
	return nil
}

// AcceptAnswer makes an answer the accepted answer of its question,
// replacing the one accepted before, and returns the question. The answer
// must be visible to by and not deleted; whether by may accept (the asker
// or a moderator) is policy, decided before. The answer's author gets the
// accepted-answer points and, when the asker accepted, the asker the
// accepting points; neither when the asker answered their own question.
// Replacing an accepted answer takes back what accepting it gave.
// Accepting the accepted answer again changes nothing.
func (db *DB) AcceptAnswer(ctx context.Context, by *allmenning.Member, replyID int64) (*allmenning.Question, error) {
	v := allmenning.ViewerOf(by)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	var q *allmenning.Question
	err := db.inTx(ctx, func(tx *Tx) error {
		a, err := answerOf(ctx, tx, v, replyID)
		if err != nil {
			return err
		}
		old, oldAuthor, err := lockAccepted(ctx, tx, a.threadID)
		if err != nil {
			return err
		}
		if old != replyID {
			if err := lockMembers(ctx, tx, a.authorID, a.askerID, oldAuthor); err != nil {
				return err
			}
			now := db.now()
			if old != 0 {
				if err := db.reverseAccept(ctx, tx, old, oldAuthor, a.askerID, now); err != nil {
					return err
				}
			}
			if _, err := tx.exec(ctx, "UPDATE threads SET accepted_reply_id = ? WHERE id = ?", replyID, a.threadID); err != nil {
				return err
			}
			if a.authorID != a.askerID {
				if err := db.awardReputation(ctx, tx, a.authorID, allmenning.RepAccepted, allmenning.PostReply, replyID, by.ID, now); err != nil {
					return err
				}
				if by.ID == a.askerID {
					if err := db.awardReputation(ctx, tx, a.askerID, allmenning.RepAccept, allmenning.PostReply, replyID, by.ID, now); err != nil {
						return err
					}
				}
			}
		}
		q, err = db.findQuestion(ctx, tx, v, a.threadID)
		return err
	})
	return q, err
}

// lockAccepted locks a question's row and returns its accepted answer (0
// for none) and that answer's author.
func lockAccepted(ctx context.Context, tx *Tx, threadID int64) (replyID, authorID int64, err error) {
	err = tx.queryRow(ctx, "UPDATE threads SET accepted_reply_id = accepted_reply_id WHERE id = ? RETURNING COALESCE(accepted_reply_id, 0)", threadID).Scan(&replyID)
	if err != nil {
		return 0, 0, notFound(err, "error.thread.not_found")
	}
	if replyID != 0 {
		if err := tx.queryRow(ctx, "SELECT author_id FROM replies WHERE id = ?", replyID).Scan(&authorID); err != nil {
			return 0, 0, err
		}
	}
	return replyID, authorID, nil
}

// reverseAccept takes back what accepting an answer gave its author and the asker.
func (db *DB) reverseAccept(ctx context.Context, tx *Tx, replyID, authorID, askerID int64, now time.Time) error {
	if err := db.reverseReputation(ctx, tx, authorID, allmenning.RepAccepted, allmenning.PostReply, replyID, anyActor, now); err != nil {
		return err
	}
	return db.reverseReputation(ctx, tx, askerID, allmenning.RepAccept, allmenning.PostReply, replyID, anyActor, now)
}

// UnacceptAnswer removes the accepted answer of a question visible to by
// and takes back the reputation accepting it gave. A question without an
// accepted answer is left as it is.
func (db *DB) UnacceptAnswer(ctx context.Context, by *allmenning.Member, threadID int64) (*allmenning.Question, error) {
	v := allmenning.ViewerOf(by)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	var q *allmenning.Question
	err := db.inTx(ctx, func(tx *Tx) error {
		cur, err := db.findQuestion(ctx, tx, v, threadID)
		if err != nil {
			return err
		}
		old, oldAuthor, err := lockAccepted(ctx, tx, threadID)
		if err != nil {
			return err
		}
		if old != 0 {
			if err := lockMembers(ctx, tx, oldAuthor, cur.AuthorID); err != nil {
				return err
			}
			if err := db.reverseAccept(ctx, tx, old, oldAuthor, cur.AuthorID, db.now()); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "UPDATE threads SET accepted_reply_id = NULL WHERE id = ?", threadID); err != nil {
				return err
			}
		}
		q, err = db.findQuestion(ctx, tx, v, threadID)
		return err
	})
	return q, err
}

// AddAnswerComment adds a short comment to an answer visible to the author
// and not deleted, in a question.
func (db *DB) AddAnswerComment(ctx context.Context, author *allmenning.Member, replyID int64, body string) (*allmenning.AnswerComment, error) {
	v := allmenning.ViewerOf(author)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	body, err := allmenning.NormalizeComment(body)
	if err != nil {
		return nil, err
	}
	c := &allmenning.AnswerComment{ReplyID: replyID, AuthorID: author.ID, Body: body}
	err = db.inTx(ctx, func(tx *Tx) error {
		if _, err := answerOf(ctx, tx, v, replyID); err != nil {
			return err
		}
		c.CreatedAt = db.now()
		var err error
		if c.ID, err = tx.insertID(ctx, "INSERT INTO answer_comments (reply_id, author_id, body, created_at) VALUES (?, ?, ?, ?)", replyID, author.ID, body, c.CreatedAt); err != nil {
			return err
		}
		return tx.queryRow(ctx, "SELECT name FROM members WHERE id = ?", author.ID).Scan(&c.AuthorName)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// FindAnswerComments returns the comments on the answers of a thread the
// viewer may see, by answer, oldest first. Comments on deleted answers are
// left out for viewers who are not moderators.
func (db *DB) FindAnswerComments(ctx context.Context, v allmenning.Viewer, threadID int64) (map[int64][]*allmenning.AnswerComment, error) {
	out := map[int64][]*allmenning.AnswerComment{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		if err := checkPostVisible(ctx, tx, v, allmenning.PostThread, threadID, true); err != nil {
			return err
		}
		q := `SELECT c.id, c.reply_id, c.author_id, m.name, c.body, c.created_at FROM answer_comments c
			JOIN replies r ON r.id = c.reply_id JOIN members m ON m.id = c.author_id WHERE r.thread_id = ?`
		if !v.Moderator {
			q += " AND r.deleted_at IS NULL"
		}
		rows, err := tx.query(ctx, q+" ORDER BY c.id", threadID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := &allmenning.AnswerComment{}
			if err := rows.Scan(&c.ID, &c.ReplyID, &c.AuthorID, &c.AuthorName, &c.Body, timeScan{&c.CreatedAt}); err != nil {
				return err
			}
			out[c.ReplyID] = append(out[c.ReplyID], c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MarkDuplicate closes a question as a duplicate of original, or reopens
// it when original is 0. Both must be questions visible to by and not
// deleted. A question cannot duplicate itself; marking a duplicate of a
// duplicate points to the latter's original.
func (db *DB) MarkDuplicate(ctx context.Context, by *allmenning.Member, threadID, original int64) (*allmenning.Question, error) {
	v := allmenning.ViewerOf(by)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	var q *allmenning.Question
	err := db.inTx(ctx, func(tx *Tx) error {
		cur, err := db.findQuestion(ctx, tx, v, threadID)
		if err != nil {
			return err
		}
		if cur.DeletedAt != nil {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.thread.not_found")
		}
		var target any
		if original != 0 {
			orig, err := db.findQuestion(ctx, tx, v, original)
			if err != nil || orig.DeletedAt != nil {
				return fieldError(allmenning.EINVALID, "duplicate_of", "error.question.original_not_found")
			}
			if orig.DuplicateOf != 0 {
				original = orig.DuplicateOf
			}
			if original == threadID {
				return fieldError(allmenning.EINVALID, "duplicate_of", "error.question.duplicate_self")
			}
			target = original
		}
		if _, err := tx.exec(ctx, "UPDATE threads SET closed_duplicate_of = ? WHERE id = ?", target, threadID); err != nil {
			return err
		}
		q, err = db.findQuestion(ctx, tx, v, threadID)
		return err
	})
	return q, err
}

// Limits of similar questions.
const (
	similarDefaultLimit = 5
	similarMaxLimit     = 20
)

// FindSimilarQuestions returns up to limit (5 by default, at most 20)
// questions the viewer may see whose titles share a word (in any
// inflection) with title, those sharing more first, then the newest.
// Deleted questions and questions closed as duplicates are left out. It
// uses the search index, so both databases find the same questions.
func (db *DB) FindSimilarQuestions(ctx context.Context, v allmenning.Viewer, title string, limit int) ([]*allmenning.Question, error) {
	out := []*allmenning.Question{}
	terms := search.QueryTerms(title)
	if len(terms) == 0 {
		return out, nil
	}
	if limit <= 0 {
		limit = similarDefaultLimit
	}
	limit = min(limit, similarMaxLimit)
	vis := visibleCond("t.", v, false)
	var q string
	var arg any
	if db.dialect.Name == "postgres" {
		// Terms are letters and digits only, so they are safe in a tsquery.
		arg = strings.Join(terms, " | ")
		q = `SELECT t.id FROM search_docs d, to_tsquery('simple', CAST(? AS TEXT)) query, threads t
			WHERE d.tsv @@ query AND ts_filter(d.tsv, '{a}') @@ query AND t.id = d.ref_id AND d.kind = 'thread' AND NOT d.deleted
			AND t.kind = 'question' AND t.closed_duplicate_of IS NULL AND ` + vis.sql + `
			ORDER BY ts_rank(ts_filter(d.tsv, '{a}'), query) DESC, t.created_at DESC, t.id DESC LIMIT ` + strconv.Itoa(limit)
	} else {
		quoted := make([]string, len(terms))
		for i, t := range terms {
			quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		arg = "title : (" + strings.Join(quoted, " OR ") + ")"
		q = `SELECT t.id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid JOIN threads t ON t.id = d.ref_id
			WHERE search_fts MATCH ? AND d.kind = 'thread' AND NOT d.deleted AND t.kind = 'question' AND t.closed_duplicate_of IS NULL AND ` + vis.sql + `
			ORDER BY bm25(search_fts, 10.0, 1.0), t.created_at DESC, t.id DESC LIMIT ` + strconv.Itoa(limit)
	}
	args := append([]any{arg}, vis.args...)
	err := db.inReadTx(ctx, func(tx *Tx) error {
		ids, err := queryIDs(ctx, tx, q, args...)
		if err != nil {
			return err
		}
		for _, id := range ids {
			qu, err := db.findQuestion(ctx, tx, v, id)
			if err != nil {
				return err
			}
			out = append(out, qu)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// queryIDs runs a query returning one id column.
func queryIDs(ctx context.Context, tx *Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
