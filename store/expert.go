package store

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/allmenning/allmenning"
)

// Experts answer questions in the areas they are designated for, and in
// those areas' children. A question that asks for an expert answer is due
// the area's promised number of working days after it asked (the area's
// own response_days, else its parent's, else 2), and its clock stops at the
// first answer by an expert of the area.

// expertCond is true when member ? is an active expert of the area of the
// thread t, or of that area's parent.
const expertCond = `EXISTS (SELECT 1 FROM area_experts ae JOIN members em ON em.id = ae.member_id AND em.status = 'active'
	WHERE ae.member_id = ? AND (ae.area_id = t.area_id OR ae.area_id = (SELECT pa.parent_id FROM areas pa WHERE pa.id = t.area_id)))`

// expertAreasCond is true when the thread t is in an area member ? is
// designated for, or in a child of one.
const expertAreasCond = `(t.area_id IN (SELECT xe.area_id FROM area_experts xe WHERE xe.member_id = ?)
	OR t.area_id IN (SELECT xa.id FROM areas xa JOIN area_experts xe ON xe.area_id = xa.parent_id WHERE xe.member_id = ?))`

// areaWithChildrenCond is true when the thread t is in the area with slug ? or one of its children.
const areaWithChildrenCond = "t.area_id IN (SELECT x.id FROM areas x LEFT JOIN areas xp ON xp.id = x.parent_id WHERE x.slug = ? OR xp.slug = ?)"

func isExpert(ctx context.Context, tx *Tx, memberID, threadID int64) (bool, error) {
	var ok bool
	err := tx.queryRow(ctx, "SELECT "+expertCond+" FROM threads t WHERE t.id = ?", memberID, threadID).Scan(&ok)
	return ok, notFound(err, "error.thread.not_found")
}

// IsExpert reports whether an active member is an expert of a thread's area
// or of its parent area. An unknown thread is ENOTFOUND.
func (db *DB) IsExpert(ctx context.Context, memberID, threadID int64) (bool, error) {
	var ok bool
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		ok, err = isExpert(ctx, tx, memberID, threadID)
		return err
	})
	return ok, err
}

// SetExperts makes exactly the given members the experts of an area.
// Unknown members are EINVALID; an unknown area ENOTFOUND.
func (db *DB) SetExperts(ctx context.Context, areaID int64, memberIDs []int64) error {
	ids := slices.Clone(memberIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return db.inTx(ctx, func(tx *Tx) error {
		var one int
		if err := tx.queryRow(ctx, "SELECT 1 FROM areas WHERE id = ?", areaID).Scan(&one); err != nil {
			return notFound(err, "error.area.not_found")
		}
		if len(ids) > 0 {
			var n int
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM members WHERE id IN ("+placeholders(len(ids))+")", int64Args(ids)...).Scan(&n); err != nil {
				return err
			}
			if n != len(ids) {
				return fieldError(allmenning.EINVALID, "experts", "error.member.not_found")
			}
		}
		del := "DELETE FROM area_experts WHERE area_id = ?"
		if len(ids) > 0 {
			del += " AND member_id NOT IN (" + placeholders(len(ids)) + ")"
		}
		if _, err := tx.exec(ctx, del, append([]any{areaID}, int64Args(ids)...)...); err != nil {
			return err
		}
		now := db.now()
		for _, id := range ids {
			if _, err := tx.exec(ctx, "INSERT INTO area_experts (area_id, member_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", areaID, id, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// expertsOf returns the members designated for an area, by name.
func expertsOf(ctx context.Context, tx *Tx, areaID int64) ([]*allmenning.Member, error) {
	return queryMembers(ctx, tx, "SELECT "+memberColumns+memberFrom+" JOIN area_experts ae ON ae.member_id = m.id WHERE ae.area_id = ? ORDER BY m.name, m.id", areaID)
}

// FindExperts returns an area's experts, its parent's experts (who answer
// in it too) and the response time in force.
func (db *DB) FindExperts(ctx context.Context, areaID int64) (*allmenning.ExpertArea, error) {
	e := &allmenning.ExpertArea{AreaID: areaID, ParentExperts: []*allmenning.Member{}}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var parentID int64
		var own, parent sql.NullInt64
		err := tx.queryRow(ctx, "SELECT COALESCE(a.parent_id, 0), a.response_days, p.response_days FROM areas a LEFT JOIN areas p ON p.id = a.parent_id WHERE a.id = ?", areaID).
			Scan(&parentID, &own, &parent)
		if err != nil {
			return notFound(err, "error.area.not_found")
		}
		e.OwnResponseDays = int(own.Int64)
		switch {
		case own.Valid:
			e.ResponseDays = int(own.Int64)
		case parent.Valid:
			e.ResponseDays, e.Inherited = int(parent.Int64), true
		default:
			e.ResponseDays, e.Inherited = allmenning.DefaultResponseDays, true
		}
		if e.Experts, err = expertsOf(ctx, tx, areaID); err != nil {
			return err
		}
		if parentID != 0 {
			if e.ParentExperts, err = expertsOf(ctx, tx, parentID); err != nil {
				return err
			}
		}
		seen := map[int64]bool{}
		for _, m := range append(slices.Clone(e.Experts), e.ParentExperts...) {
			if !seen[m.ID] {
				seen[m.ID] = true
				e.ExpertCount++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// FindExpertAreaIDs returns the ids of the areas a member is designated for, in order.
func (db *DB) FindExpertAreaIDs(ctx context.Context, memberID int64) ([]int64, error) {
	var ids []int64
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		ids, err = queryIDs(ctx, tx, "SELECT area_id FROM area_experts WHERE member_id = ? ORDER BY area_id", memberID)
		return err
	})
	if ids == nil {
		ids = []int64{}
	}
	return ids, err
}

// SetResponseDays sets the working days an area promises for expert answers
// (1 to 30), or with 0 lets it inherit its parent's (else the default).
func (db *DB) SetResponseDays(ctx context.Context, areaID int64, days int) error {
	var arg any
	if days != 0 {
		if days < 1 || days > allmenning.MaxResponseDays {
			return fieldError(allmenning.EINVALID, "response_days", "error.area.response_days_invalid")
		}
		arg = days
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "UPDATE areas SET response_days = ? WHERE id = ?", arg, areaID)
		if err != nil {
			return err
		}
		return affectedOrExists(ctx, tx, res, "areas", areaID, "error.area.not_found")
	})
}

func responseDays(ctx context.Context, tx *Tx, areaID int64) (int, error) {
	var days int
	err := tx.queryRow(ctx, "SELECT COALESCE(a.response_days, p.response_days, ?) FROM areas a LEFT JOIN areas p ON p.id = a.parent_id WHERE a.id = ?",
		allmenning.DefaultResponseDays, areaID).Scan(&days)
	return days, notFound(err, "error.area.not_found")
}

// liveQuestion returns a question visible to the viewer and not deleted.
func (db *DB) liveQuestion(ctx context.Context, tx *Tx, v allmenning.Viewer, threadID int64) (*allmenning.Question, error) {
	q, err := db.findQuestion(ctx, tx, v, threadID)
	if err != nil {
		return nil, err
	}
	if q.DeletedAt != nil {
		return nil, allmenning.Errorf(allmenning.ENOTFOUND, "error.thread.not_found")
	}
	return q, nil
}

// RequestExpert asks for an expert answer to a question visible to the
// asker: from now (the store's clock) it is due the area's response time in
// working days later (allmenning.DueAt). Whether the asker may is policy.
// Asking again changes nothing.
func (db *DB) RequestExpert(ctx context.Context, asker *allmenning.Member, threadID int64) (*allmenning.Question, error) {
	v := allmenning.ViewerOf(asker)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	var q *allmenning.Question
	err := db.inTx(ctx, func(tx *Tx) error {
		var err error
		q, err = db.requestExpert(ctx, tx, v, threadID)
		return err
	})
	return q, err
}

// requestExpert is RequestExpert in tx.
func (db *DB) requestExpert(ctx context.Context, tx *Tx, v allmenning.Viewer, threadID int64) (*allmenning.Question, error) {
	cur, err := db.liveQuestion(ctx, tx, v, threadID)
	if err != nil {
		return nil, err
	}
	if !cur.ExpertRequested {
		days, err := responseDays(ctx, tx, cur.AreaID)
		if err != nil {
			return nil, err
		}
		now := db.now()
		if _, err := tx.exec(ctx, "UPDATE threads SET expert_requested = TRUE, expert_requested_at = ?, due_at = ? WHERE id = ? AND NOT expert_requested",
			now, allmenning.DueAt(now, days), threadID); err != nil {
			return nil, err
		}
	}
	return db.findQuestion(ctx, tx, v, threadID)
}

// ClaimQuestion lets an expert of the question's area claim a question
// that asked for an expert answer (claim), or give up their claim. A
// question claimed by another expert is ECONFLICT; claiming one's own claim
// again, or releasing a question nobody claimed, changes nothing. A member
// who is not an expert of the area is EFORBIDDEN.
func (db *DB) ClaimQuestion(ctx context.Context, expert *allmenning.Member, threadID int64, claim bool) (*allmenning.Question, error) {
	v := allmenning.ViewerOf(expert)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	var q *allmenning.Question
	err := db.inTx(ctx, func(tx *Tx) error {
		cur, err := db.liveQuestion(ctx, tx, v, threadID)
		if err != nil {
			return err
		}
		if !cur.ExpertRequested {
			return allmenning.Errorf(allmenning.EINVALID, "error.question.no_expert_request")
		}
		var res sql.Result
		if claim {
			ok, err := isExpert(ctx, tx, expert.ID, threadID)
			if err != nil {
				return err
			}
			if !ok {
				return allmenning.Errorf(allmenning.EFORBIDDEN, "error.expert.not_expert")
			}
			res, err = tx.exec(ctx, "UPDATE threads SET claimed_by = ?, claimed_at = ? WHERE id = ? AND claimed_by IS NULL", expert.ID, db.now(), threadID)
			if err != nil {
				return err
			}
		} else if res, err = tx.exec(ctx, "UPDATE threads SET claimed_by = NULL, claimed_at = NULL WHERE id = ? AND claimed_by = ?", threadID, expert.ID); err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var by sql.NullInt64
			if err := tx.queryRow(ctx, "SELECT claimed_by FROM threads WHERE id = ?", threadID).Scan(&by); err != nil {
				return err
			}
			if by.Valid && by.Int64 != expert.ID {
				return allmenning.Errorf(allmenning.ECONFLICT, "error.question.claimed")
			}
		}
		q, err = db.findQuestion(ctx, tx, v, threadID)
		return err
	})
	return q, err
}

// RecordExpertAnswer stops the SLA clock of a question at a reply's time
// when the reply (not deleted) is the first by an active expert of the
// question's area (or its parent). The service calls it after CreateReply.
// It reports whether it stopped the clock; a reply in a discussion, by
// someone else, or after an earlier expert answer changes nothing. An
// unknown reply is ENOTFOUND.
func (db *DB) RecordExpertAnswer(ctx context.Context, replyID int64) (bool, error) {
	var done bool
	err := db.inTx(ctx, func(tx *Tx) error {
		var threadID, authorID int64
		var at time.Time
		var live bool
		var kind string
		err := tx.queryRow(ctx, "SELECT r.thread_id, r.author_id, r.created_at, r.deleted_at IS NULL, t.kind FROM replies r JOIN threads t ON t.id = r.thread_id WHERE r.id = ?", replyID).
			Scan(&threadID, &authorID, timeScan{&at}, &live, &kind)
		if err != nil {
			return notFound(err, "error.post.not_found")
		}
		if !live || kind != allmenning.KindQuestion {
			return nil
		}
		ok, err := isExpert(ctx, tx, authorID, threadID)
		if err != nil || !ok {
			return err
		}
		res, err := tx.exec(ctx, "UPDATE threads SET expert_answered_at = ?, expert_answered_by = ?, expert_answer_id = ? WHERE id = ? AND expert_answered_at IS NULL",
			at, authorID, replyID, threadID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		done = n > 0
		return err
	})
	return done, err
}

// Sizes of the expert queue.
const (
	defaultQueueLimit = 100
	maxQueueLimit     = 500
)

// FindExpertQueue returns the questions the viewer may see that asked for
// an expert answer and are still waiting for one (with f.Answered, those
// answered too), soonest due first. Deleted questions and those closed as
// duplicates are left out. f.Area keeps an area with its children;
// f.ExpertID the areas the member is designated for, with their children.
// Escalated is set on questions past due without an expert answer at the
// store's clock. Limit is 100 by default and at most 500.
func (db *DB) FindExpertQueue(ctx context.Context, v allmenning.Viewer, f allmenning.ExpertQueueFilter) ([]*allmenning.Question, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultQueueLimit
	}
	limit = min(limit, maxQueueLimit)
	w := &where{}
	w.addCond(visibleCond("t.", v, false))
	w.add("t.kind = 'question' AND t.expert_requested AND t.closed_duplicate_of IS NULL")
	if !f.Answered {
		w.add("t.expert_answered_at IS NULL")
	}
	if f.Area != "" {
		w.add(areaWithChildrenCond, f.Area, f.Area)
	}
	if f.ExpertID != 0 {
		w.add(expertAreasCond, f.ExpertID, f.ExpertID)
	}
	var list []*allmenning.Question
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var err error
		list, err = db.queryQuestions(ctx, tx, v, w.String()[1:]+" ORDER BY t.due_at, t.id LIMIT ?", append(w.args, limit)...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// EscalateOverdue marks as escalated, at now, the questions past due at
// now without an expert answer that are not escalated yet (deleted ones
// and duplicates left alone), and returns them, soonest due first. It runs
// as the system: the questions are returned whoever may see them, and
// whoever is told about them must be allowed to see them.
func (db *DB) EscalateOverdue(ctx context.Context, now time.Time) ([]*allmenning.Question, error) {
	list := []*allmenning.Question{}
	err := db.inTx(ctx, func(tx *Tx) error {
		ids, err := queryIDs(ctx, tx, `UPDATE threads SET escalated_at = ?
			WHERE kind = 'question' AND expert_requested AND expert_answered_at IS NULL AND escalated_at IS NULL AND due_at < ?
				AND deleted_at IS NULL AND closed_duplicate_of IS NULL RETURNING id`, now, now)
		if err != nil || len(ids) == 0 {
			return err
		}
		list, err = db.queryQuestions(ctx, tx, allmenning.Viewer{}, "WHERE t.id IN ("+placeholders(len(ids))+") ORDER BY t.due_at, t.id", int64Args(ids)...)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, q := range list {
		q.Escalated = true
	}
	return list, nil
}

// FindSLARecords returns the expert requests the viewer may see, made in
// [f.From, f.To) (zero times leave that end open), oldest first, without
// deleted questions and duplicates. f.Area keeps an area with its
// children; f.ExpertID the requests answered first by that expert, or
// claimed by them and not answered by an expert.
func (db *DB) FindSLARecords(ctx context.Context, v allmenning.Viewer, f allmenning.SLAFilter) ([]allmenning.SLARecord, error) {
	w := &where{}
	w.addCond(visibleCond("t.", v, false))
	w.add("t.kind = 'question' AND t.expert_requested AND t.closed_duplicate_of IS NULL")
	if !f.From.IsZero() {
		w.add("t.expert_requested_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("t.expert_requested_at < ?", f.To)
	}
	if f.Area != "" {
		w.add(areaWithChildrenCond, f.Area, f.Area)
	}
	if f.ExpertID != 0 {
		w.add("COALESCE(t.expert_answered_by, t.claimed_by) = ?", f.ExpertID)
	}
	list := []allmenning.SLARecord{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT t.id, t.area_id, a.name, t.expert_requested_at, t.due_at, t.expert_answered_at,
				COALESCE(t.expert_answered_by, t.claimed_by, 0),
				CASE WHEN t.expert_answered_by IS NOT NULL THEN COALESCE(em.name, '') ELSE COALESCE(cm.name, '') END
			FROM threads t JOIN areas a ON a.id = t.area_id
			LEFT JOIN members em ON em.id = t.expert_answered_by LEFT JOIN members cm ON cm.id = t.claimed_by`+
			w.String()+" ORDER BY t.expert_requested_at, t.id", w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r allmenning.SLARecord
			if err := rows.Scan(&r.ThreadID, &r.AreaID, &r.AreaName, timeScan{&r.Posted}, timeScan{&r.Due}, nullTime{&r.Answered}, &r.ExpertID, &r.ExpertName); err != nil {
				return err
			}
			list = append(list, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}
