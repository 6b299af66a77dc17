package main

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
)

// article is the showcase's one model. The data issue moves it into SQL.
type article struct {
	ID        int       `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// validate returns a message per invalid field.
func (a *article) validate() map[string]string {
	errs := map[string]string{}
	a.Title = strings.TrimSpace(a.Title)
	switch {
	case a.Title == "":
		errs["title"] = "is required"
	case len(a.Title) > 200:
		errs["title"] = "must be at most 200 characters"
	}
	if strings.TrimSpace(a.Body) == "" {
		errs["body"] = "is required"
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// articleStore keeps articles in memory; it is safe for concurrent use.
type articleStore struct {
	mu     sync.RWMutex
	byID   map[int]article
	nextID int
}

func newArticleStore() *articleStore {
	return &articleStore{byID: map[int]article{}, nextID: 1}
}

func (s *articleStore) seed() {
	s.create(article{Title: "Welcome to Pylon", Body: "A Go web framework in the tradition of Pylons."})
	s.create(article{Title: "Tasks, not threads", Body: "Handlers do network, database and file work at once with c.Go."})
}

func (s *articleStore) list() []article {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]article, 0, len(s.byID))
	for _, a := range s.byID {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b article) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func (s *articleStore) get(id int) (article, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.byID[id]
	return a, ok
}

func (s *articleStore) create(a article) article {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.ID = s.nextID
	s.nextID++
	a.CreatedAt = time.Now().UTC()
	s.byID[a.ID] = a
	return a
}

func (s *articleStore) update(a article) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.byID[a.ID]
	if !ok {
		return false
	}
	a.CreatedAt = old.CreatedAt
	s.byID[a.ID] = a
	return true
}

func (s *articleStore) delete(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.byID[id]
	delete(s.byID, id)
	return ok
}
