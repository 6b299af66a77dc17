package ws

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Presence is kept per room in a sorted set of "<instance>\x00<user>"
// members scored with their expiry time in Unix milliseconds.

func (r *Redis) presenceKey(room string) string { return r.cfg.Prefix + "presence:" + room }

// SetPresence implements Backend.
func (r *Redis) SetPresence(ctx context.Context, room string, users []string) error {
	key := r.presenceKey(room)
	mine := r.instance + "\x00"
	now := time.Now()
	old, err := r.cfg.Client.ZRange(ctx, key, 0, -1).Result()
	if err != nil {
		return err
	}
	_, err = r.cfg.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, m := range old {
			if rest, ok := strings.CutPrefix(m, mine); ok && !slices.Contains(users, rest) {
				p.ZRem(ctx, key, m)
			}
		}
		expiry := float64(now.Add(r.cfg.PresenceTTL).UnixMilli())
		for _, u := range users {
			p.ZAdd(ctx, key, redis.Z{Score: expiry, Member: mine + u})
		}
		p.ZRemRangeByScore(ctx, key, "-inf", strconv.FormatInt(now.UnixMilli(), 10))
		p.PExpire(ctx, key, 2*r.cfg.PresenceTTL)
		return nil
	})
	return err
}

// Presence implements Backend.
func (r *Redis) Presence(ctx context.Context, room string) ([]string, error) {
	members, err := r.cfg.Client.ZRangeByScore(ctx, r.presenceKey(room), &redis.ZRangeBy{
		Min: strconv.FormatInt(time.Now().UnixMilli(), 10), Max: "+inf",
	}).Result()
	if err != nil {
		return nil, err
	}
	users := make([]string, 0, len(members))
	for _, m := range members {
		if _, u, ok := strings.Cut(m, "\x00"); ok {
			users = append(users, u)
		}
	}
	slices.Sort(users)
	return slices.Compact(users), nil
}
