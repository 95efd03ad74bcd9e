package allmenning

// Action is something a member may or may not do. Every authorisation
// decision in the application goes through Authorize.
type Action string

const (
	ActViewDirectory  Action = "directory.view"
	ActViewMember     Action = "member.view"
	ActEditProfile    Action = "profile.edit"
	ActManageTokens   Action = "token.manage"
	ActInvite         Action = "member.invite"
	ActViewAdmin      Action = "admin.view"
	ActManageRole     Action = "role.manage"
	ActManageDomains  Action = "domain.manage"
	ActViewMunicipals Action = "municipality.view"

	ActViewThread   Action = "thread.view"
	ActCreateThread Action = "thread.create"
	ActReply        Action = "thread.reply"
	ActEditPost     Action = "post.edit"
	ActDeletePost   Action = "post.delete"
	ActRestorePost  Action = "post.restore"
	ActLike         Action = "post.like"
	ActManageAreas  Action = "area.manage"
	ActManageTags   Action = "tag.manage"
)

// Target is what an action applies to. Only the fields the action needs are set.
type Target struct {
	Member       *Member
	Municipality string
	Role         string
	Thread       *Thread // the thread acted on, or the thread of the reply acted on
	AuthorID     int64   // the author of the post acted on
}

// Authorize decides whether actor may do action on target. It returns nil,
// an EUNAUTHORIZED error when logging in could help, or an EFORBIDDEN error.
// actor is nil for anonymous visitors.
func Authorize(actor *Member, action Action, target Target) error {
	if actor != nil && actor.Status != StatusActive {
		return Errorf(EFORBIDDEN, "error.suspended")
	}
	switch action {
	case ActViewMunicipals:
		// The municipality list is public reference data.
		return nil
	case ActViewDirectory, ActViewMember, ActInvite:
		return requireMember(actor)
	case ActEditProfile, ActManageTokens:
		if err := requireMember(actor); err != nil {
			return err
		}
		if target.Member != nil && target.Member.ID == actor.ID {
			return nil
		}
		if action == ActEditProfile && actor.IsOperator() {
			return nil
		}
	case ActViewAdmin:
		if err := requireMember(actor); err != nil {
			return err
		}
		if actor.IsOperator() || actor.HasRole(RoleMunicipalityAdmin) {
			return nil
		}
	case ActManageRole:
		if err := requireMember(actor); err != nil {
			return err
		}
		if actor.IsOperator() {
			return nil
		}
		// A municipality admin may appoint and remove admins of their own
		// municipality, for members of that municipality.
		if target.Role == RoleMunicipalityAdmin && actor.AdminOf(target.Municipality) &&
			target.Member != nil && target.Member.Municipality == target.Municipality {
			return nil
		}
	case ActViewThread, ActReply:
		t := target.Thread
		if t == nil || !CanSee(actor, t.Visibility, t.Municipality) {
			if actor == nil {
				return Errorf(EUNAUTHORIZED, "error.login_required")
			}
			return Errorf(ENOTFOUND, "error.thread.not_found")
		}
		if t.DeletedAt != nil && !actor.IsModerator() {
			return Errorf(ENOTFOUND, "error.thread.not_found")
		}
		if action == ActViewThread {
			return nil
		}
		if err := requireMember(actor); err != nil {
			return err
		}
		if t.DeletedAt == nil {
			return nil
		}
	case ActCreateThread:
		return requireMember(actor)
	case ActEditPost, ActDeletePost:
		if err := requireMember(actor); err != nil {
			return err
		}
		if target.AuthorID == actor.ID || actor.IsModerator() {
			return nil
		}
	case ActRestorePost:
		if err := requireMember(actor); err != nil {
			return err
		}
		if actor.IsModerator() {
			return nil
		}
	case ActLike:
		if err := requireMember(actor); err != nil {
			return err
		}
		if target.AuthorID != actor.ID {
			return nil
		}
		return Errorf(EFORBIDDEN, "error.like.own")
	case ActManageAreas, ActManageTags:
		if err := requireMember(actor); err != nil {
			return err
		}
		if actor.IsOperator() {
			return nil
		}
	case ActManageDomains:
		if err := requireMember(actor); err != nil {
			return err
		}
		if actor.IsOperator() || actor.AdminOf(target.Municipality) {
			return nil
		}
	}
	return Errorf(EFORBIDDEN, "error.forbidden")
}

// Can is Authorize as a boolean, for showing or hiding controls.
func Can(actor *Member, action Action, target Target) bool {
	return Authorize(actor, action, target) == nil
}

func requireMember(actor *Member) error {
	if actor == nil {
		return Errorf(EUNAUTHORIZED, "error.login_required")
	}
	return nil
}
