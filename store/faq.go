package store

import (
	"context"

	"github.com/allmenning/allmenning"
)

// The FAQ («Ofte stilte spørsmål») of an area: questions with an accepted
// answer, promoted by moderators, in the order they set. An entry belongs to
// the question's own area.

// AddFAQ puts a question visible to by, not deleted, with an accepted
// answer, last in its area's FAQ. A question without an accepted answer is
// EINVALID; adding a question already in the FAQ changes nothing. Whether
// by may is policy (moderators).
func (db *DB) AddFAQ(ctx context.Context, by *allmenning.Member, threadID int64) error {
	v := allmenning.ViewerOf(by)
	if v.Anonymous() {
		return allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	return db.inTx(ctx, func(tx *Tx) error {
		q, err := db.liveQuestion(ctx, tx, v, threadID)
		if err != nil {
			return err
		}
		if q.AcceptedAnswerID == 0 {
			return allmenning.Errorf(allmenning.EINVALID, "error.faq.no_accepted_answer")
		}
		_, err = tx.exec(ctx, `INSERT INTO faq_entries (thread_id, area_id, position, created_at)
			SELECT ?, ?, COALESCE(MAX(position), -1) + 1, ? FROM faq_entries WHERE area_id = ? ON CONFLICT DO NOTHING`,
			threadID, q.AreaID, db.now(), q.AreaID)
		return err
	})
}

// RemoveFAQ takes a question out of its area's FAQ; ENOTFOUND when it is not in it.
func (db *DB) RemoveFAQ(ctx context.Context, threadID int64) error {
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM faq_entries WHERE thread_id = ?", threadID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return allmenning.Errorf(allmenning.ENOTFOUND, "error.faq.not_found")
		}
		return nil
	})
}

// MoveFAQ swaps an entry with the one before it (delta < 0) or after it
// (delta > 0) in its area's FAQ; the first up or the last down changes
// nothing. The entries are renumbered 0, 1, 2 … on the way. ENOTFOUND when
// the question is not in a FAQ.
func (db *DB) MoveFAQ(ctx context.Context, threadID int64, delta int) error {
	return db.inTx(ctx, func(tx *Tx) error {
		var areaID int64
		if err := tx.queryRow(ctx, "SELECT area_id FROM faq_entries WHERE thread_id = ?", threadID).Scan(&areaID); err != nil {
			return notFound(err, "error.faq.not_found")
		}
		ids, err := queryIDs(ctx, tx, "SELECT thread_id FROM faq_entries WHERE area_id = ? ORDER BY position, thread_id", areaID)
		if err != nil {
			return err
		}
		for i, id := range ids {
			if id != threadID {
				continue
			}
			j := i
			if delta < 0 {
				j--
			} else if delta > 0 {
				j++
			}
			if j >= 0 && j < len(ids) {
				ids[i], ids[j] = ids[j], ids[i]
			}
			break
		}
		for pos, id := range ids {
			if _, err := tx.exec(ctx, "UPDATE faq_entries SET position = ? WHERE thread_id = ? AND position <> ?", pos, id, pos); err != nil {
				return err
			}
		}
		return nil
	})
}

// FindFAQ returns the FAQ of an area in order: the entries whose question
// the viewer may see (not deleted), each with its accepted answer (nil when
// it is no longer accepted or is deleted). An unknown area is ENOTFOUND.
func (db *DB) FindFAQ(ctx context.Context, v allmenning.Viewer, areaID int64) ([]*allmenning.FAQEntry, error) {
	list := []*allmenning.FAQEntry{}
	err := db.inReadTx(ctx, func(tx *Tx) error {
		var one int
		if err := tx.queryRow(ctx, "SELECT 1 FROM areas WHERE id = ?", areaID).Scan(&one); err != nil {
			return notFound(err, "error.area.not_found")
		}
		rows, err := tx.query(ctx, "SELECT thread_id, position FROM faq_entries WHERE area_id = ? ORDER BY position, thread_id", areaID)
		if err != nil {
			return err
		}
		positions := map[int64]int{}
		for rows.Next() {
			var id int64
			var pos int
			if err := rows.Scan(&id, &pos); err != nil {
				rows.Close()
				return err
			}
			positions[id] = pos
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		vis := visibleCond("t.", v, false)
		qs, err := db.queryQuestions(ctx, tx, v, "JOIN faq_entries fe ON fe.thread_id = t.id WHERE fe.area_id = ? AND t.kind = 'question' AND "+vis.sql+
			" ORDER BY fe.position, t.id", append([]any{areaID}, vis.args...)...)
		if err != nil {
			return err
		}
		for _, q := range qs {
			e := &allmenning.FAQEntry{AreaID: areaID, Position: positions[q.ID], Question: q}
			if q.AcceptedAnswerID != 0 {
				if e.Answer, err = findReply(ctx, tx, v, q.AcceptedAnswerID); err != nil {
					return err
				}
			}
			list = append(list, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}
