// Package workday does calendar arithmetic in Norwegian working time:
// weekends and public holidays do not count, and a working day runs from
// 08:00 to 16:00 in Europe/Oslo. Expert answers are promised in working days
// and measured in working hours.
package workday

import (
	"time"
)

// Calendar holds the working hours and time zone.
type Calendar struct {
	Loc        *time.Location
	StartHour  int // first working hour, 8
	EndHour    int // end of the working day, 16
	extraClose map[string]bool
}

// Norway returns the calendar of Norwegian public offices.
func Norway() *Calendar {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		loc = time.FixedZone("CET", 3600)
	}
	return &Calendar{Loc: loc, StartHour: 8, EndHour: 16}
}

// Easter returns Easter Sunday of year (Gregorian calendar, the anonymous algorithm).
func Easter(year int) time.Time {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// Holidays returns the Norwegian public holidays of year with their names.
func Holidays(year int) map[string]string {
	e := Easter(year)
	d := func(t time.Time) string { return t.Format("2006-01-02") }
	fixed := func(m time.Month, day int) string { return d(time.Date(year, m, day, 0, 0, 0, 0, time.UTC)) }
	return map[string]string{
		fixed(time.January, 1):   "1. nyttårsdag",
		d(e.AddDate(0, 0, -3)):   "Skjærtorsdag",
		d(e.AddDate(0, 0, -2)):   "Langfredag",
		d(e):                     "1. påskedag",
		d(e.AddDate(0, 0, 1)):    "2. påskedag",
		fixed(time.May, 1):       "Offentlig høytidsdag",
		fixed(time.May, 17):      "Grunnlovsdag",
		d(e.AddDate(0, 0, 39)):   "Kristi himmelfartsdag",
		d(e.AddDate(0, 0, 49)):   "1. pinsedag",
		d(e.AddDate(0, 0, 50)):   "2. pinsedag",
		fixed(time.December, 25): "1. juledag",
		fixed(time.December, 26): "2. juledag",
	}
}

// IsHoliday reports whether the calendar date of t (in the calendar's zone) is a public holiday.
func (c *Calendar) IsHoliday(t time.Time) bool {
	t = t.In(c.Loc)
	_, ok := Holidays(t.Year())[t.Format("2006-01-02")]
	return ok
}

// IsWorkingDay reports whether t's date is a weekday that is not a holiday.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(c.Loc)
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !c.IsHoliday(t)
}

func (c *Calendar) dayStart(t time.Time) time.Time {
	y, m, d := t.In(c.Loc).Date()
	return time.Date(y, m, d, c.StartHour, 0, 0, 0, c.Loc)
}

func (c *Calendar) dayEnd(t time.Time) time.Time {
	y, m, d := t.In(c.Loc).Date()
	return time.Date(y, m, d, c.EndHour, 0, 0, 0, c.Loc)
}

func (c *Calendar) nextDay(t time.Time) time.Time {
	y, m, d := t.In(c.Loc).Date()
	return time.Date(y, m, d+1, c.StartHour, 0, 0, 0, c.Loc)
}

// Clamp moves t forward to the nearest moment inside working time.
func (c *Calendar) Clamp(t time.Time) time.Time {
	t = t.In(c.Loc)
	for {
		if c.IsWorkingDay(t) {
			if t.Before(c.dayStart(t)) {
				return c.dayStart(t)
			}
			if t.Before(c.dayEnd(t)) {
				return t
			}
		}
		t = c.nextDay(t)
	}
}

// AddWorkingDays returns the moment n working days after t: the same time of
// day n working days later. A t outside working time starts from the next
// working moment, so a question posted on Saturday is due n working days
// after Monday 08:00.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	return c.AddWorkingHours(t, float64(n*(c.EndHour-c.StartHour)))
}

// AddWorkingHours returns the moment h working hours after t.
func (c *Calendar) AddWorkingHours(t time.Time, h float64) time.Time {
	left := time.Duration(h * float64(time.Hour))
	t = c.Clamp(t)
	for {
		end := c.dayEnd(t)
		if avail := end.Sub(t); left <= avail {
			if left == avail && left > 0 {
				return end
			}
			return t.Add(left)
		} else {
			left -= avail
		}
		t = c.Clamp(c.nextDay(t))
	}
}

// WorkingHours returns the working time between a and b in hours (0 when b is before a).
func (c *Calendar) WorkingHours(a, b time.Time) float64 {
	if !b.After(a) {
		return 0
	}
	var total time.Duration
	t := c.Clamp(a)
	for t.Before(b) {
		end := c.dayEnd(t)
		if b.Before(end) {
			end = b
		}
		if end.After(t) {
			total += end.Sub(t)
		}
		t = c.Clamp(c.nextDay(t))
	}
	return total.Hours()
}
