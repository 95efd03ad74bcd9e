package store

import (
	"context"

	"github.com/allmenning/allmenning"
)

// CreateQuestion creates a thread of kind question and, with expert, asks
// for an expert answer in the same transaction, so that a question that
// asked never exists without its due time.
func (db *DB) CreateQuestion(ctx context.Context, author *allmenning.Member, n allmenning.NewThread, bodyHTML string, mentions []int64, expert bool) (*allmenning.Question, error) {
	v := allmenning.ViewerOf(author)
	if v.Anonymous() {
		return nil, allmenning.Errorf(allmenning.EUNAUTHORIZED, "error.login_required")
	}
	n.Kind = allmenning.KindQuestion
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var q *allmenning.Question
	err := db.inTx(ctx, func(tx *Tx) error {
		id, err := db.createThread(ctx, tx, author, n, bodyHTML, mentions)
		if err != nil {
			return err
		}
		if expert {
			q, err = db.requestExpert(ctx, tx, v, id)
		} else {
			q, err = db.findQuestion(ctx, tx, v, id)
		}
		return err
	})
	return q, err
}
