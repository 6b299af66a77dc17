-- +goose Up
INSERT INTO articles (title, body, created_at) VALUES
    ('Welcome to Pylon', 'A Go web framework in the tradition of Pylons.', CURRENT_TIMESTAMP),
    ('Tasks, not threads', 'Handlers do network, database and file work at once with c.Go.', CURRENT_TIMESTAMP);
INSERT INTO comments (article_id, author, body, created_at) VALUES
    (1, 'Ben', 'Routes and url() feel like home.', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM comments;
DELETE FROM articles;
