package allmenning

// Actions on follows, mutes, notifications and personal feeds. They concern
// only the member's own settings, so any active member may take them; a
// thread may be followed or muted only by someone who may see it.
const (
	ActFollow            Action = "follow.set"        // follow, unfollow, mute, unmute
	ActViewNotifications Action = "notification.view" // read and mark one's own notifications
	ActManageFeedToken   Action = "feedtoken.manage"  // create and revoke one's personal feed address
)

// AuthorizeFollow decides the actions above like Authorize does others.
// Target.Thread is set when the target is a thread.
func AuthorizeFollow(actor *Member, action Action, target Target) error {
	switch action {
	case ActFollow:
		if err := requireActive(actor); err != nil {
			return err
		}
		if target.Thread != nil {
			return Authorize(actor, ActViewThread, target)
		}
		return nil
	case ActViewNotifications, ActManageFeedToken:
		return requireActive(actor)
	}
	return Authorize(actor, action, target)
}

func requireActive(actor *Member) error {
	if actor == nil {
		return Errorf(EUNAUTHORIZED, "error.login_required")
	}
	if actor.Status != StatusActive {
		return Errorf(EFORBIDDEN, "error.suspended")
	}
	return nil
}
