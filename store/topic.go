package store

import (
	"context"
	"strconv"

	"github.com/allmenning/allmenning"
)

// CreateTopic records an editor's pick of the topic of the week. The thread
// must exist and be public or open to all members (allmenning.TopicEligible);
// who may pick is decided by policy beforehand.
func (db *DB) CreateTopic(ctx context.Context, by *allmenning.Member, n allmenning.NewTopic) (*allmenning.Topic, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var out *allmenning.Topic
	err := db.inTx(ctx, func(tx *Tx) error {
		// The editor's own view, deleted threads included, so that the
		// error says why a thread cannot be picked.
		v := allmenning.ViewerOf(by)
		t, err := findThread(ctx, tx, v, n.ThreadID)
		if allmenning.ErrorCode(err) == allmenning.ENOTFOUND {
			// A municipality-only thread of another municipality: say why
			// it cannot be picked (to an editor), without showing it.
			var vis string
			if tx.queryRow(ctx, "SELECT visibility FROM threads WHERE id = ?", n.ThreadID).Scan(&vis) == nil && vis == string(allmenning.VisMunicipality) {
				return allmenning.TopicEligible(&allmenning.Thread{Visibility: allmenning.VisMunicipality})
			}
			return &allmenning.Error{Code: allmenning.EINVALID, Message: "error.form", Fields: map[string]string{"thread": "mail.topic.error.not_found"}}
		} else if err != nil {
			return err
		}
		if err := allmenning.TopicEligible(t); err != nil {
			return err
		}
		now := db.now()
		id, err := tx.insertID(ctx, "INSERT INTO topics (thread_id, intro, chosen_by, created_at) VALUES (?, ?, ?, ?)", t.ID, n.Intro, by.ID, now)
		if err != nil {
			return err
		}
		out = &allmenning.Topic{ID: id, ThreadID: t.ID, Intro: n.Intro, ChosenBy: by.ID, ChosenByName: by.Name, CreatedAt: now, Thread: t}
		return nil
	})
	return out, err
}

// FindCurrentTopic returns the newest pick, with its thread as v sees it.
func (db *DB) FindCurrentTopic(ctx context.Context, v allmenning.Viewer) (*allmenning.Topic, error) {
	topics, err := db.FindTopics(ctx, v, 1)
	if err != nil {
		return nil, err
	}
	if len(topics) == 0 || topics[0].Thread == nil {
		return nil, allmenning.Errorf(allmenning.ENOTFOUND, "mail.topic.none")
	}
	return topics[0], nil
}

// FindTopics returns the picks, newest first, each with its thread when v
// may see it (deleted threads never).
func (db *DB) FindTopics(ctx context.Context, v allmenning.Viewer, limit int) ([]*allmenning.Topic, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	v.Moderator = false
	var out []*allmenning.Topic
	err := db.inReadTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT p.id, p.thread_id, p.intro, p.chosen_by, m.name, p.created_at
			FROM topics p JOIN members m ON m.id = p.chosen_by ORDER BY p.id DESC LIMIT `+strconv.Itoa(limit))
		if err != nil {
			return err
		}
		for rows.Next() {
			p := &allmenning.Topic{}
			if err := rows.Scan(&p.ID, &p.ThreadID, &p.Intro, &p.ChosenBy, &p.ChosenByName, timeScan{&p.CreatedAt}); err != nil {
				rows.Close()
				return err
			}
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range out {
			t, err := findThread(ctx, tx, v, p.ThreadID)
			if err == nil {
				p.Thread = t
			} else if allmenning.ErrorCode(err) != allmenning.ENOTFOUND {
				return err
			}
		}
		return nil
	})
	return out, err
}
