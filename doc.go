// Package allmenning holds the domain of the Allmenning community: its types,
// its rules (validation, authorisation, visibility) and the interfaces that the
// storage, mail and web packages implement or use. It does no I/O.
package allmenning
