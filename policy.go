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
)

// Target is what an action applies to. Only the fields the action needs are set.
type Target struct {
	Member       *Member
	Municipality string
	Role         string
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
